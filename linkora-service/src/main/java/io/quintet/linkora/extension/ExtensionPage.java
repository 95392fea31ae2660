package io.quintet.linkora.extension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML fragment the Linkora browser extension injects into its popup (spec 10.3). The
 * extension wires behaviour to ids and classes only, so those are the contract: the buttons
 * {@code change-extension-config} and {@code add-new-root-folder}, the {@code link} placeholder, the
 * inputs {@code link_title} and {@code link_note}, and in {@code folders-list} one
 * {@code folder-component} per entry holding a {@code material-icons-outlined} icon and a
 * class-less {@code div} whose id is the folder id, with the name in a {@code font-size: 16px} div.
 * Scripts are never executed by the extension, so there are none. Folder names are escaped (D10).
 * The markup is well-formed XML as well, which keeps it checkable by a plain XML parser.
 */
public final class ExtensionPage {

    /** The extension's own pseudo folders (not the reserved ids of spec 5.2). */
    static final long SAVED_LINKS_ENTRY = -1;

    static final long IMPORTANT_LINKS_ENTRY = -2;

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>Save to Linkora</title>
            <link rel="preconnect" href="https://fonts.googleapis.com"/>
            <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter:wght@400;600&amp;display=swap"/>
            <link rel="stylesheet" href="https://fonts.googleapis.com/icon?family=Material+Icons+Outlined"/>
            <style>
            .lk-bar { display: flex; align-items: center; justify-content: space-between; margin-bottom: 8px; }
            .lk-title { font-weight: 600; font-size: 18px; }
            .lk-url { font-size: 12px; color: #555555; word-break: break-all; margin-bottom: 8px; }
            .lk-input { width: 100%; box-sizing: border-box; padding: 6px 8px; margin-bottom: 6px; border: 1px solid #cccccc; border-radius: 6px; font: inherit; }
            .lk-button { border: none; border-radius: 6px; padding: 6px 10px; background: #e8eefc; cursor: pointer; font: inherit; }
            .lk-count { font-size: 12px; color: #555555; }
            .folder-component { display: flex; align-items: center; gap: 8px; padding-top: 6px; padding-bottom: 6px; border-radius: 6px; cursor: pointer; }
            .folder-component:hover { background: #f0f3fa; }
            .material-icons-outlined { font-size: 20px; }
            </style>
            </head>
            """;

    private ExtensionPage() {}

    /**
     * The page for these folders: "Saved Links" and "Important Links", then every root folder that
     * is not archived, each followed by all its descendants (archived ones included), by id.
     */
    public static String render(List<FolderNode> folders) {
        Map<Long, List<FolderNode>> children = new HashMap<>();
        List<FolderNode> roots = new ArrayList<>();
        for (FolderNode folder : folders) {
            if (folder.parentFolderId() == null) {
                if (!folder.archived()) {
                    roots.add(folder);
                }
            } else {
                children.computeIfAbsent(folder.parentFolderId(), k -> new ArrayList<>())
                        .add(folder);
            }
        }
        StringBuilder html = new StringBuilder(4096 + folders.size() * 256).append(HEAD);
        html.append(
                        "<body style=\"margin: 0; padding: 12px; width: 376px; font-family: Inter, sans-serif; color: #1b1b1f; background: #ffffff;\">\n")
                .append("<div class=\"lk-bar\"><span class=\"lk-title\">Save to Linkora</span>")
                .append(
                        "<button type=\"button\" class=\"lk-button\" id=\"change-extension-config\">Settings</button></div>\n")
                .append("<div class=\"lk-url\" id=\"link\">#LINK_PLACEHOLDER#</div>\n")
                .append("<input class=\"lk-input\" type=\"text\" id=\"link_title\" placeholder=\"Title\"/>\n")
                .append("<input class=\"lk-input\" type=\"text\" id=\"link_note\" placeholder=\"Note\"/>\n")
                .append("<div class=\"lk-bar\"><span class=\"lk-count\">Total root folders found: ")
                .append(roots.size())
                .append("</span>")
                .append(
                        "<button type=\"button\" class=\"lk-button\" id=\"add-new-root-folder\">New root folder</button></div>\n")
                .append("<div id=\"folders-list\">\n");
        component(html, SAVED_LINKS_ENTRY, "Saved Links", "link", 0);
        component(html, IMPORTANT_LINKS_ENTRY, "Important Links", "star_outline", 0);
        Set<Long> shown = new HashSet<>();
        for (FolderNode root : roots) {
            tree(html, root, 0, children, shown);
        }
        return html.append("</div>\n</body>\n</html>\n").toString();
    }

    /** Depth first; a folder is shown once even if the stored parents form a loop. */
    private static void tree(
            StringBuilder html, FolderNode folder, int depth, Map<Long, List<FolderNode>> children, Set<Long> shown) {
        if (!shown.add(folder.id())) {
            return;
        }
        component(html, folder.id(), folder.name(), "create_new_folder", depth);
        for (FolderNode child : children.getOrDefault(folder.id(), List.of())) {
            tree(html, child, depth + 1, children, shown);
        }
    }

    private static void component(StringBuilder html, long id, String name, String icon, int depth) {
        html.append("<div class=\"folder-component\" style=\"padding-left: ")
                .append(8 + depth * 20)
                .append("px;\">")
                .append("<span class=\"material-icons-outlined\" title=\"")
                .append("create_new_folder".equals(icon) ? "New sub-folder" : escape(name))
                .append("\">")
                .append(icon)
                .append("</span>")
                .append("<div id=\"")
                .append(id)
                .append("\"><div style=\"font-size: 16px;\">")
                .append(escape(name))
                .append("</div></div></div>\n");
    }

    /** HTML text and attribute escaping (spec D10: the reference injected names raw). */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
