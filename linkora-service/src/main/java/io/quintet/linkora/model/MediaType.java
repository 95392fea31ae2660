package io.quintet.linkora.model;

/** Spec 5.1. */
public enum MediaType {
    IMAGE,
    GIF,
    VIDEO
}
