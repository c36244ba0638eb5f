-- Grain storage (persistence/Storage) sends a unit of work's state write and its row changes in one
-- round trip, committed by PostgreSQL when the batch ends. The state write calls this when the version
-- it expected no longer holds: the error aborts the batch, so no row change of a stale writer commits.
-- Its SQLSTATE (J0409) tells the storage that the failure is a version conflict.
CREATE FUNCTION grain_state_version_conflict() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION 'the grain state''s stored version is not the one this write expected' USING ERRCODE = 'J0409';
END
$$;
