package io.rancherd.install;

import java.nio.file.Path;

/** An install script written to {@code path} (mode 0700), downloaded from {@code url}. */
record DownloadedScript(String url, Path path, long size, String sha256) {}
