package io.rancherd.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import org.testcontainers.DockerClientFactory;

/** Images of the local Docker engine: nothing is ever pulled, every image is built here. */
final class LocalImages {

  private LocalImages() {}

  static DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  /**
   * Removes the other tags of {@code keep}'s repository: images built from inputs that have changed
   * since (an older package), so that rebuilding does not pile them up. One still in use stays.
   */
  static void removeOlderTags(String keep) {
    String repository = keep.substring(0, keep.indexOf(':'));
    for (Image image : client().listImagesCmd().withImageNameFilter(repository).exec()) {
      String[] tags = image.getRepoTags() == null ? new String[0] : image.getRepoTags();
      for (String tag : tags) {
        if (tag.startsWith(repository + ":") && !tag.equals(keep)) {
          try {
            client().removeImageCmd(tag).withNoPrune(false).exec();
          } catch (DockerException e) {
            System.err.println("keeping the older image " + tag + ": " + e.getMessage());
          }
        }
      }
    }
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
