package io.rancherd.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

/** Images of the local Docker engine: nothing is ever pulled, every image is built here. */
final class LocalImages {

  private LocalImages() {}

  static DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  static boolean exists(String image) {
    try {
      client().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
