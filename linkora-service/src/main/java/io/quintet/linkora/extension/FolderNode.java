package io.quintet.linkora.extension;

/** One folder as the extension page shows it. */
public record FolderNode(long id, String name, Long parentFolderId, boolean archived) {}
