-- The home-made runtime's reminder table, emptied into Orleans' reminders by migration 13.
DROP TABLE grain_reminders;
DROP SEQUENCE grain_reminder_versions;
