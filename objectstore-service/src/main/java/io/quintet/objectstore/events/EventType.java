package io.quintet.objectstore.events;

/** The log event types of 6.1, in increasing severity. */
public enum EventType {
    Debug,
    Info,
    Important,
    Warning,
    Error,
    Crash
}
