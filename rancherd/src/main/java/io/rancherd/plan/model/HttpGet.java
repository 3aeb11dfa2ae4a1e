package io.rancherd.plan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The HTTP GET of a probe (system-agent field names); cert paths are machine paths. */
@JsonPropertyOrder({"url", "insecure", "clientCert", "clientKey", "caCert"})
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HttpGet(
    @JsonProperty("url") String url,
    @JsonProperty("insecure") boolean insecure,
    @JsonProperty("clientCert") String clientCert,
    @JsonProperty("clientKey") String clientKey,
    @JsonProperty("caCert") String caCert) {

  public static HttpGet plain(String url) {
    return new HttpGet(url, false, null, null, null);
  }

  public static HttpGet insecure(String url) {
    return new HttpGet(url, true, null, null, null);
  }
}
