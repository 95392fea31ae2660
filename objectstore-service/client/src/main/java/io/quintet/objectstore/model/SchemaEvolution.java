package io.quintet.objectstore.model;

/** 2.12: a new schema version may not flip SYNC_ENABLED or SHARED_GLOBAL_IDS of an existing type. */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    public static void check(Model current, Model next) {
        for (Entity e : next.entities()) {
            current.entity(e.uid()).ifPresent(old -> {
                if (old.syncEnabled() != e.syncEnabled()) {
                    throw new ModelException("type " + e.name() + " (UID " + e.uid()
                            + ") changes SYNC_ENABLED; replace the type with a new UID instead");
                }
                if (old.sharedGlobalIds() != e.sharedGlobalIds()) {
                    throw new ModelException("type " + e.name() + " (UID " + e.uid()
                            + ") changes SHARED_GLOBAL_IDS; replace the type with a new UID instead");
                }
            });
        }
    }
}
