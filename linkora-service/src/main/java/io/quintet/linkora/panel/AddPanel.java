package io.quintet.linkora.panel;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code ADD_A_NEW_PANEL} request (spec 7.4.1); the app's extra {@code eventTimestamp} is ignored (Q17). */
public record AddPanel(String panelName, Correlation correlation) {

    public static AddPanel read(JsonFields body) {
        return new AddPanel(body.requiredText("panelName"), Correlation.read(body));
    }
}
