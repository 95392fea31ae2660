package io.quintet.linkora.panel;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_A_PANEL_NAME} request and event payload (spec 7.4.4, 9.5). */
public record UpdatePanelName(String newName, long panelId, Correlation correlation, long eventTimestamp) {

    public static UpdatePanelName read(JsonFields body) {
        return new UpdatePanelName(
                body.requiredText("newName"),
                body.requiredLong("panelId"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdatePanelName at(long serverSecond) {
        return new UpdatePanelName(newName, panelId, correlation, serverSecond);
    }
}
