package io.rancherd.wait;

/** One check of a probe: success, and what was seen ("200", "503", "connection refused", ...). */
public record CheckResult(boolean success, String detail) {}
