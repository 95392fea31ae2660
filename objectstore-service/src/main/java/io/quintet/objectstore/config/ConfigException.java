package io.quintet.objectstore.config;

/** A configuration the server refuses to start with; the message names the key. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
