package dev.mainstay.sdk;

/** How a child run relates to its parent: see {@link ParentClosePolicy}. */
public record ChildOptions(ParentClosePolicy parentClosePolicy) {

    /** What happens to a child when its parent ends first. */
    public enum ParentClosePolicy {
        /**
         * The parent does not complete before the child ends (a body that returns first waits for
         * it), and the child is cancelled when the parent fails, times out or is cancelled.
         */
        REQUIRED,
        /** The child lives on its own. */
        DETACHED
    }

    public ChildOptions {
        if (parentClosePolicy == null) {
            throw new IllegalArgumentException("a child needs a parent-close policy");
        }
    }

    public static ChildOptions required() {
        return new ChildOptions(ParentClosePolicy.REQUIRED);
    }

    public static ChildOptions detached() {
        return new ChildOptions(ParentClosePolicy.DETACHED);
    }
}
