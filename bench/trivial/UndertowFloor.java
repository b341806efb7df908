// The HTTP floor of Pushbridge's push path: Undertow with Pushbridge's buffer settings, answering
// every request on its IO thread after reading the body with the non-blocking receiver, as
// Pushbridge's push handler does, but without parsing or storing anything. What a push costs above
// this server's CPU per request is Pushbridge's own.
//   java -cp gateway/target/pushbridge.jar bench/trivial/UndertowFloor.java PORT
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;

public class UndertowFloor {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Undertow.builder()
            .setByteBufferPool(new DefaultByteBufferPool(true, 16 * 1024 - 20, 1024, 4))
            .setServerOption(UndertowOptions.DECODE_URL, false)
            .addHttpListener(port, "127.0.0.1")
            .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
                ex.setStatusCode(200);
                ex.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, 0);
                ex.endExchange();
            }))
            .build()
            .start();
    }
}
