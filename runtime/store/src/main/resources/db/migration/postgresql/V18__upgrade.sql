-- @Workflow(upgrade = ...) (see docs/architecture.md, "Builds"): PINNED runs stay on the build that
-- first ran them; LATEST runs go to the component's current build at every claim, re-pinned there.
ALTER TABLE components ADD COLUMN upgrade TEXT NOT NULL DEFAULT 'PINNED';
