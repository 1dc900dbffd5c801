import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local bound to 127.0.0.1 only. Its command line has no host option and its Jetty
 * server listens on every interface, accepting any credentials: anyone on the network could read
 * a developer's data. This launcher builds the server from the usual arguments and sets the
 * connector's host before starting it. Run as a single source file (java 11+), with
 * DynamoDBLocal.jar and its lib folder on the class path.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost("127.0.0.1");
        bound++;
      }
    }
    if (bound == 0) {
      // A DynamoDB Local that builds its connector later: refuse rather than listen everywhere.
      throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    }
    proxy.start();
    proxy.join();
  }
}
