package io.rancherd.probe;

/** One check of a probe: success, and what was seen ("200", "503", "connection refused", ...). */
public record ProbeResult(boolean success, String detail) {}
