package io.quintet.objectstore.model;

/** A model file that cannot be used, with a message naming the offending element. */
public class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }
}
