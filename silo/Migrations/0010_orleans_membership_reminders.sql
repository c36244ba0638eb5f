-- Orleans cluster membership and reminders in PostgreSQL, for the packages
-- Microsoft.Orleans.Clustering.AdoNet and Microsoft.Orleans.Reminders.AdoNet. They ship no SQL: at
-- start-up each runs "SELECT QueryKey, QueryText FROM OrleansQuery" and from then on executes those
-- texts by key, binding named parameters (@DeploymentId, @Address, ...) and reading the result
-- columns by name. The tables and every query text below are this project's own; only the query
-- keys, parameter names and result column names are fixed by the packages.
--
-- Parameter types as the packages bind them: strings as text, Port/Generation/Status/ProxyPort and
-- Version as integer, GrainHash/BeginHash/EndHash as integer (the uint hash cast to a signed int),
-- Period in milliseconds as integer or bigint, times as timestamptz (UTC DateTime). A query that
-- reports success returns one row with one column, > 0 for success and 0 for failure.

-- The name is the packages' (unquoted, so PostgreSQL folds it to lower case).
CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

-- One row per cluster ("DeploymentId" to the packages is our ClusterId). version is the membership
-- table's ETag: every change to a silo's row must name the version it read and bumps it, so of two
-- silos acting on the same view only one wins and the other re-reads.
CREATE TABLE orleans_membership_versions (
    cluster_id text        PRIMARY KEY,
    version    integer     NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). suspect_times is the packages' own
-- "silo,time|silo,time" text; status is Orleans' SiloStatus number (3 = Active, 6 = Dead).
CREATE TABLE orleans_membership (
    cluster_id    text        NOT NULL REFERENCES orleans_membership_versions (cluster_id),
    address       text        NOT NULL,
    port          integer     NOT NULL,
    generation    integer     NOT NULL,
    silo_name     text        NOT NULL,
    host_name     text        NOT NULL,
    status        integer     NOT NULL,
    proxy_port    integer     NOT NULL,
    suspect_times text,
    started_at    timestamptz NOT NULL,
    i_am_alive_at timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- A reminder's version (its ETag) comes from a sequence rather than counting per row, so a
-- reminder deleted and registered again never gets back a version a stale caller still holds.
-- integer because the packages read the version as an int; it wraps only after 2^31 registrations.
CREATE SEQUENCE orleans_reminder_versions AS integer CYCLE;

-- grain_hash is the grain's uniform hash cast to a signed int; each silo reads the reminders of its
-- share of the hash ring, hence the index.
CREATE TABLE orleans_reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_at      timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL DEFAULT nextval('orleans_reminder_versions'),
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

-- Membership. A silo's columns are aliased to the names the package reads; a cluster without silos
-- still yields its version row (silo columns NULL), which is how the package learns the version.
INSERT INTO orleansquery (querykey, querytext) VALUES
('MembershipReadAllKey', $sql$
SELECT v.cluster_id AS "DeploymentId", m.address AS "Address", m.port AS "Port",
       m.generation AS "Generation", m.silo_name AS "SiloName", m.host_name AS "HostName",
       m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.started_at AS "StartTime", m.i_am_alive_at AS "IAmAliveTime", v.version AS "Version"
FROM orleans_membership_versions v
LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId
$sql$),

('MembershipReadRowKey', $sql$
SELECT v.cluster_id AS "DeploymentId", m.address AS "Address", m.port AS "Port",
       m.generation AS "Generation", m.silo_name AS "SiloName", m.host_name AS "HostName",
       m.status AS "Status", m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.started_at AS "StartTime", m.i_am_alive_at AS "IAmAliveTime", v.version AS "Version"
FROM orleans_membership_versions v
LEFT JOIN orleans_membership m
       ON m.cluster_id = v.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId
$sql$),

-- Called by every silo at start; returns 1 when it created the row, 0 when it already existed.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_membership_versions (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "Created" FROM created
$sql$),

-- Inserts the silo and bumps the version, both or neither. The version row is locked first and
-- only while it still holds @Version (a concurrent writer that got there first makes it vanish from
-- "expected"), the insert happens only then, and the bump only when the insert did: a stale version
-- or a silo that is already present returns 0 and changes nothing.
('InsertMembershipKey', $sql$
WITH expected AS (
    SELECT cluster_id FROM orleans_membership_versions
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR NO KEY UPDATE
), inserted AS (
    INSERT INTO orleans_membership (cluster_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, started_at, i_am_alive_at)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
    RETURNING cluster_id
), bumped AS (
    UPDATE orleans_membership_versions v
    SET version = v.version + 1, updated_at = now()
    FROM inserted i
    WHERE v.cluster_id = i.cluster_id
    RETURNING 1
)
SELECT count(*)::integer AS "Inserted" FROM bumped
$sql$),

-- Same shape as the insert: status, suspicions and liveness change only with a successful bump;
-- a stale version or an unknown silo returns 0.
('UpdateMembershipKey', $sql$
WITH expected AS (
    SELECT cluster_id FROM orleans_membership_versions
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR NO KEY UPDATE
), updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_at = @IAmAliveTime
    FROM expected e
    WHERE m.cluster_id = e.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.cluster_id
), bumped AS (
    UPDATE orleans_membership_versions v
    SET version = v.version + 1, updated_at = now()
    FROM updated u
    WHERE v.cluster_id = u.cluster_id
    RETURNING 1
)
SELECT count(*)::integer AS "Updated" FROM bumped
$sql$),

-- The heartbeat: not versioned (other silos do not act on it), result not read.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership
SET i_am_alive_at = @IAmAliveTime
WHERE cluster_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- Clients' gateway list: active silos that accept clients.
('GatewaysQueryKey', $sql$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$sql$),

-- Forgets a whole cluster, version row included (used by tests and tooling).
('DeleteMembershipTableEntriesKey', $sql$
WITH silos AS (
    DELETE FROM orleans_membership WHERE cluster_id = @DeploymentId
)
DELETE FROM orleans_membership_versions WHERE cluster_id = @DeploymentId
$sql$),

-- Removes silos that are not Active (3) and have not reported since @IAmAliveTime, as Orleans'
-- other membership tables do; Active rows are left to the failure detector. No version bump.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership
WHERE cluster_id = @DeploymentId AND i_am_alive_at < @IAmAliveTime AND status <> 3
$sql$);

-- Reminders. Rows are aliased to the names the package reads (GrainId, ReminderName, StartTime,
-- Period in milliseconds, Version).
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$sql$),

('ReadReminderRowKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$sql$),

-- A silo's ring range is (@BeginHash, @EndHash]. The package compares the bounds as signed ints and
-- picks this key when begin < end (a range that does not wrap) ...
('ReadRangeRows1Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$sql$),

-- ... and this one otherwise: the range wraps past the int maximum (begin = end is the whole ring).
('ReadRangeRows2Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_at AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$sql$),

-- Registers or replaces a reminder and returns its new version. Not conditional on an ETag (the
-- package does not send one). The omitted version column takes the next sequence value, which
-- EXCLUDED carries into the update too.
('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_at, period_ms, grain_hash)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_at = EXCLUDED.start_at, period_ms = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash, version = EXCLUDED.version
RETURNING version AS "Version"
$sql$),

-- Deletes only the version the caller read; returns 1 if it did, 0 if the reminder is gone or newer.
('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS "Deleted" FROM deleted
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$sql$);
