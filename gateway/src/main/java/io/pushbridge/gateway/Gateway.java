package io.pushbridge.gateway;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pushbridge.exposer.ApiResponses;
import io.pushbridge.exposer.DeleteGroupsHandler;
import io.pushbridge.model.GoDuration;
import io.pushbridge.exposer.HealthHandler;
import io.pushbridge.exposer.MetricsApiHandler;
import io.pushbridge.exposer.QuitHandler;
import io.pushbridge.exposer.RegistryFamilies;
import io.pushbridge.exposer.ScrapeHandler;
import io.pushbridge.exposer.StatusApiHandler;
import io.pushbridge.exposer.WebUi;
import io.pushbridge.exposer.WipeHandler;
import io.pushbridge.ingest.http.PushHandler;
import io.pushbridge.kafka.KafkaIngestConfig;
import io.pushbridge.kafka.KafkaIngestor;
import io.pushbridge.store.GroupStore;
import io.pushbridge.store.StoreConfig;
import io.pushbridge.store.StoreException;
import io.pushbridge.store.StoreOpenException;
import io.pushbridge.store.StoreStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The running gateway: the HTTP listener opens first and answers {@code /-/healthy} (200) and
 * {@code /-/ready} (503) while the store recovers; once the store is open the Kafka ingest (if
 * configured) starts and every route is served. {@link #close()} (SIGTERM or {@code /-/quit})
 * stops taking requests, lets those in flight finish, stops the Kafka ingest (which waits for the
 * store to acknowledge what it handed over), then closes the store, which drains its queue.
 */
final class Gateway implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

  /** Changes the store may hold waiting for its writer; a full queue answers 503. */
  static final int STORE_QUEUE_CAPACITY = 4096;
  private static final Duration GRACE = Duration.ofSeconds(30);

  private enum State { STARTING, READY, STOPPING, STOPPED }

  /** A start that cannot go on; the message says why (file, address, store path). */
  static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final GatewayConfig config;
  private final BuildInfo build;
  private final Instant startTime = Instant.now();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpMetrics metrics;
  /** {@code <prefix>/metrics}, below which pushes go; made once, tested on every request. */
  private final String metricsBase;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile State state = State.STARTING;
  private volatile GroupStore store;
  private volatile KafkaIngestor ingestor;
  private volatile KafkaMonitor kafkaMonitor;
  private volatile HttpHandler app;
  private HttpServer server;
  private volatile Clock clock = Clock.systemUTC();

  private Gateway(GatewayConfig config, BuildInfo build) {
    this.config = config;
    this.build = build;
    this.metricsBase = config.routePrefix() + "/metrics";
    registerJvmMetrics(registry);
    this.metrics = new HttpMetrics(registry, build);
    StoreMetrics.register(registry, () -> store);
    if (config.kafka() != null) {
      KafkaMetrics.register(registry, () -> ingestor, () -> clock);
    }
    this.app = startingRoutes();
  }

  /**
   * client_java's JVM metrics ({@code JvmMetrics}), native memory only when native memory tracking
   * is on: without it there is nothing to show, and finding that out starts the platform MBean
   * server (~0.1 s of a start on one core).
   */
  private static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmThreadsMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmMemoryPoolAllocationMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"))) {
      JvmNativeMemoryMetrics.builder().register(registry);
    }
    JvmRuntimeInfoMetric.builder().register(registry);
    ProcessMetrics.builder().register(registry);
  }

  static Gateway start(GatewayConfig config, BuildInfo build) throws StartupException {
    return start(config, build, Clock.systemUTC());
  }

  /** As {@link #start(GatewayConfig, BuildInfo)}, push times and expiry on {@code clock}. */
  static Gateway start(GatewayConfig config, BuildInfo build, Clock clock) throws StartupException {
    Gateway g = listen(config, build);
    g.clock = clock;
    g.openStore();
    return g;
  }

  /** The first half of {@link #start}: listening, health answering, everything else 503. */
  static Gateway listen(GatewayConfig config, BuildInfo build) throws StartupException {
    Gateway g = new Gateway(config, build);
    WebConfig web = WebConfig.NONE;
    if (config.webConfigFile() != null) {
      try {
        web = WebConfig.load(config.webConfigFile());
      } catch (WebConfig.WebConfigException e) {
        throw new StartupException("invalid --web.config.file: " + e.getMessage(), e);
      }
    }
    try {
      g.server = HttpServer.start(config.listenAddresses(), web, exchange -> g.app.handleRequest(exchange),
          HttpServer.Workers.defaults(), g::isPush);
    } catch (Exception e) {
      throw new StartupException("cannot start the HTTP server: " + e.getMessage(), e);
    }
    for (InetSocketAddress a : g.server.boundAddresses()) {
      LOG.log(Level.INFO, "listening on " + a.getHostString() + ":" + a.getPort() + (g.server.tls() ? " (https)" : " (http)"));
    }
    return g;
  }

  /** The second half of {@link #start}: recovers the store, then serves every route. */
  void openStore() throws StartupException {
    StoreConfig storeConfig = new StoreConfig(config.persistenceDirectory(), config.storeSync(),
        config.consistencyCheck(), STORE_QUEUE_CAPACITY, RegistryFamilies.types(registry))
        .withDefaultTtl(config.pushTtl())
        .withLimits(config.limits())
        .withClock(clock);
    if (config.kafka() != null) {
      storeConfig = storeConfig.withExpiryHorizon(this::kafkaReadUpToNanos);
    }
    try {
      store = GroupStore.open(storeConfig);
    } catch (StoreOpenException e) {
      stopServer();
      // Its message already says which store could not be opened, and why.
      throw new StartupException(e.getMessage(), e);
    } catch (StoreException | IllegalArgumentException e) {
      stopServer();
      throw new StartupException("cannot open the store: " + e.getMessage(), e);
    }
    if (config.kafka() != null) {
      startKafka();
    }
    app = routes(store);
    state = State.READY;
    LOG.log(Level.INFO, "ready: store " + (config.persistenceDirectory() == null
        ? "in memory" : "at " + config.persistenceDirectory().toAbsolutePath().normalize()) + ", " + store.stats().groups() + " groups");
  }

  /**
   * The store's expiry horizon with a Kafka ingest: how far it has read. The store opens before
   * the ingest starts (the ingest resumes from the store's offsets), and until then nothing is
   * known of the records that may renew a group, so nothing expires.
   */
  private long kafkaReadUpToNanos() {
    KafkaIngestor i = ingestor;
    return i == null ? Long.MIN_VALUE : i.readUpToNanos();
  }

  /** The open store, or null before {@link #openStore()}. */
  GroupStore store() {
    return store;
  }

  /** The ingest reads from the store's offsets, so it starts only once the store is open. */
  private void startKafka() throws StartupException {
    KafkaIngestConfig kafka = config.kafka();
    try {
      if (config.kafkaReadyRequiresBroker()) {
        kafkaMonitor = KafkaMonitor.start(kafka);
      }
      ingestor = KafkaIngestor.start(kafka, store);
    } catch (RuntimeException e) {
      stopKafka();
      store.close();
      stopServer();
      throw new StartupException("cannot start the Kafka ingest from " + kafka.bootstrapServers() + ": "
          + e.getMessage(), e);
    }
    LOG.log(Level.INFO, "consuming Kafka topics " + kafka.topics() + " from " + kafka.bootstrapServers()
        + " as group " + kafka.groupId() + ", dead letters to " + kafka.dlqTopic());
  }

  private void stopKafka() {
    KafkaIngestor i = ingestor;
    if (i != null) {
      i.close();
    }
    KafkaMonitor m = kafkaMonitor;
    if (m != null) {
      m.close();
    }
  }

  /** The addresses actually listened on. */
  List<InetSocketAddress> addresses() {
    return server.boundAddresses();
  }

  /** Blocks until {@link #close()} has finished. */
  void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Whether {@link #close()} finishes within {@code timeout}. */
  boolean stoppedWithin(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** For {@code /-/quit}: closes on another thread, after the answer has gone out. */
  void requestShutdown() {
    Thread t = new Thread(this::close, "pushbridge-quit");
    t.setDaemon(false);
    t.start();
  }

  /** Graceful and idempotent: a second call waits for the first to finish. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state == State.STOPPED) {
        return;
      }
      state = State.STOPPING;
      LOG.log(Level.INFO, "shutting down: finishing requests in flight"
          + (config.kafka() == null ? "" : " and the Kafka ingest") + ", then closing the store");
      stopServer();
      stopKafka();
      GroupStore s = store;
      if (s != null) {
        try {
          s.close();
        } catch (StoreException e) {
          // Acknowledged writes are in the write-ahead log already (synced with --store.sync=always);
          // the stop itself must still finish.
          LOG.log(Level.ERROR, "closing the store failed", e);
        }
      }
      state = State.STOPPED;
      stopped.countDown();
      LOG.log(Level.INFO, "stopped");
    }
  }

  private void stopServer() {
    try {
      if (!server.stop(GRACE)) {
        LOG.log(Level.WARNING, "requests still in flight after " + GoDuration.format(GRACE) + " were cut off");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Unhealthy while the store's queue is full, and while its last batch could not be written: after
   * a hard error RocksDB refuses every write until it is opened again, so then only a restart heals
   * the gateway.
   */
  private HealthHandler.Problem healthProblem() {
    GroupStore s = store;
    if (s == null) {
      return null;
    }
    StoreStats stats = s.stats();
    if (stats.writeFailure() != null) {
      return new HealthHandler.Problem(StatusCodes.INTERNAL_SERVER_ERROR,
          "store cannot write: " + stats.writeFailure());
    }
    if (stats.queueDepth() >= STORE_QUEUE_CAPACITY) {
      return new HealthHandler.Problem(StatusCodes.INTERNAL_SERVER_ERROR, "write queue is full");
    }
    return null;
  }

  private HealthHandler.Problem readyProblem() {
    return switch (state) {
      case STARTING -> new HealthHandler.Problem(StatusCodes.SERVICE_UNAVAILABLE, "store is opening");
      case STOPPING, STOPPED -> new HealthHandler.Problem(StatusCodes.SERVICE_UNAVAILABLE, "shutting down");
      case READY -> {
        HealthHandler.Problem p = healthProblem();
        if (p == null && config.kafkaReadyRequiresBroker()) {
          String kafka = kafkaMonitor.problem();
          p = kafka == null ? null : new HealthHandler.Problem(StatusCodes.SERVICE_UNAVAILABLE, kafka);
        }
        yield p;
      }
    };
  }

  /**
   * Pushes are answered without blocking (see {@link PushHandler}), so they stay on the IO thread.
   * A push whose path only the router's cleaning recognises runs on a worker, where it works as well.
   */
  private boolean isPush(HttpServerExchange exchange) {
    return Router.mayBePush(exchange, metricsBase);
  }

  /** While the store opens: health answers, everything else 503. */
  private HttpHandler startingRoutes() {
    String p = config.routePrefix();
    HttpHandler unavailable = exchange ->
        GoHttp.error(exchange, StatusCodes.SERVICE_UNAVAILABLE, "Pushbridge is starting: the store is being opened");
    Router router = Router.builder()
        .route(Methods.GET, p + "/-/healthy", new HealthHandler(() -> null))
        .route(Methods.GET, p + "/-/ready", new HealthHandler(this::readyProblem))
        .build();
    return exchange -> {
      String path = exchange.getRequestPath();
      if (path.equals(p + "/-/healthy") || path.equals(p + "/-/ready")) {
        router.handleRequest(exchange);
      } else {
        unavailable.handleRequest(exchange);
      }
    };
  }

  private HttpHandler routes(GroupStore open) {
    String p = config.routePrefix();
    PushHandler push = new PushHandler(open, config.consistencyCheck(), config.maxBodyBytes(), clock,
        server.workers(), ErrorMappingHandler::respond);
    Router.Builder r = Router.builder()
        .route(Methods.GET, p + "/-/healthy", metrics.counted("healthy", new HealthHandler(this::healthProblem)))
        .route(Methods.GET, p + "/-/ready", metrics.counted("ready", new HealthHandler(this::readyProblem)))
        .route(Methods.GET, config.scrapePath(),
            new ScrapeHandler(open::snapshot, () -> RegistryFamilies.collect(registry), config.openMetricsEnabled()))
        .push(p + "/metrics", metrics.countedPush(push::handle))
        .route(Methods.GET, p + "/api/v1/status", metrics.counted("api/v1/status",
            new StatusApiHandler(build.statusMap(), config.flagValues(), startTime)))
        .route(Methods.GET, p + "/api/v1/metrics", metrics.counted("api/v1/metrics",
            new MetricsApiHandler(open::groups)))
        .preflight(p + "/api/v1/", metrics.counted("api/v1/options", ApiResponses.preflight()))
        .route(Methods.GET, "/-/quit", QuitHandler.getNotAllowed());
    WebUi.routes(config.externalUrl() == null ? "" : Objects.requireNonNullElse(config.externalUrl().getRawPath(), ""))
        .forEach((path, h) -> r.route(Methods.GET, p + path, metrics.counted(path.startsWith("/static/") ? "static" : "status", h)));
    if (config.adminApiEnabled()) {
      r.route(Methods.PUT, p + "/api/v1/admin/wipe", metrics.counted("wipe", new WipeHandler(open)));
      r.route(Methods.DELETE, p + "/api/v1/admin/groups",
          metrics.counted("api/v1/admin/groups", new DeleteGroupsHandler(open)));
    }
    HttpHandler quit = config.lifecycleEnabled() ? QuitHandler.enabled(this::requestShutdown) : QuitHandler.disabled();
    r.route(Methods.PUT, p + "/-/quit", quit).route(Methods.POST, p + "/-/quit", quit);
    return r.build();
  }
}
