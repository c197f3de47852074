-- Namespaces: a component's identity becomes its qualified name '<namespace>/<name>' (see the
-- engine's Namespaces); the store keeps treating it as one opaque string. What existed before
-- belongs to the namespace 'default'. Client idempotency keys and schedule ids are qualified the
-- same way, so they are unique per namespace; the runtime's own keys (child:*, schedule:*) already
-- name a globally unique run or schedule and stay as they are.
UPDATE runs SET component = 'default/' || component WHERE instr(component, '/') = 0;
UPDATE runs SET idempotency_key = 'default/' || idempotency_key
    WHERE idempotency_key IS NOT NULL AND idempotency_key NOT LIKE 'child:%' AND idempotency_key NOT LIKE 'schedule:%';
UPDATE components SET name = 'default/' || name WHERE instr(name, '/') = 0;
UPDATE schedules SET id = 'default/' || id, workflow = 'default/' || workflow WHERE instr(workflow, '/') = 0;
UPDATE agent_sessions SET agent = 'default/' || agent WHERE instr(agent, '/') = 0;
