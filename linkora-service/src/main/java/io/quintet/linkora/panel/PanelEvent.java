package io.quintet.linkora.panel;

import io.quintet.linkora.model.Correlation;

/** {@code ADD_A_NEW_PANEL} event payload (spec 9.5). */
public record PanelEvent(long panelId, String panelName, Correlation correlation, long eventTimestamp) {}
