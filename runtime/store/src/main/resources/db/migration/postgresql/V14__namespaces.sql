-- See sqlite/V14: component names, client idempotency keys, schedule ids and agent names become
-- qualified by their namespace; what existed before belongs to 'default'.
UPDATE runs SET component = 'default/' || component WHERE strpos(component, '/') = 0;
UPDATE runs SET idempotency_key = 'default/' || idempotency_key
    WHERE idempotency_key IS NOT NULL AND idempotency_key NOT LIKE 'child:%' AND idempotency_key NOT LIKE 'schedule:%';
UPDATE components SET name = 'default/' || name WHERE strpos(name, '/') = 0;
UPDATE schedules SET id = 'default/' || id, workflow = 'default/' || workflow WHERE strpos(workflow, '/') = 0;
UPDATE agent_sessions SET agent = 'default/' || agent WHERE strpos(agent, '/') = 0;
