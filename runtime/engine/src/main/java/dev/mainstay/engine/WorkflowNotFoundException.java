package dev.mainstay.engine;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.store.ComponentKind;

/** No worker ever registered a workflow (or function) of this name. */
public final class WorkflowNotFoundException extends MainstayException {
    private final String name;

    public WorkflowNotFoundException(String name, ComponentKind kind) {
        super(ErrorCode.WORKFLOW_NOT_FOUND, "no " + kind.name().toLowerCase() + " named '" + Namespaces.local(name)
                + "' was ever registered by a worker; check the name, or start a worker that registers it");
        this.name = name;
    }

    public String name() { return name; }
}
