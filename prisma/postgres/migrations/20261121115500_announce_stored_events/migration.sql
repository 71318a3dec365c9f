-- Hand-written, PostgreSQL only: every instance sharing the database learns of the events the
-- others store (MCP subscriptions, the push worker's wake-up), through LISTEN code_buddy_events
-- (src/events/postgres-announcer.ts). One notification per INSERT statement, "<first id> <last id>
-- <application_name>", sent at commit: an instance skips its own (each sets a unique name), and
-- reads the others' id range (not contiguous when instances insert at once).
CREATE FUNCTION "events_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    first_id integer;
    last_id integer;
BEGIN
    SELECT min("id"), max("id") INTO first_id, last_id FROM "stored_events";
    IF first_id IS NOT NULL THEN
        PERFORM pg_notify('code_buddy_events', first_id || ' ' || last_id || ' ' || current_setting('application_name'));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "events_announce_after_insert" AFTER INSERT ON "events"
    REFERENCING NEW TABLE AS "stored_events" FOR EACH STATEMENT EXECUTE FUNCTION "events_announce"();
