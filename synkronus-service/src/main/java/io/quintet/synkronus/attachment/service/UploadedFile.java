package io.quintet.synkronus.attachment.service;

import java.nio.file.Path;

/** An upload's one file part, read into a temporary file: where, how many bytes, its part's Content-Type. */
public record UploadedFile(Path file, long size, String contentType) {}
