package io.quintet.synkronus.error;

/** 409 repository_reset_required, carrying the server's generation for the response header (synkronus.md 8.2). */
public class GenerationMismatch extends SynkronusException {

    private final long serverGeneration;

    public GenerationMismatch(long serverGeneration) {
        super(SynkronusError.GENERATION_MISMATCH, null);
        this.serverGeneration = serverGeneration;
    }

    public long serverGeneration() {
        return serverGeneration;
    }
}
