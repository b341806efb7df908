package io.pushbridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.kafka.KafkaIngestConfig;
import io.pushbridge.store.SyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagsTest {

  private static GatewayConfig config(String... args) throws FlagException {
    return Flags.toConfig(Flags.PARSER.parse(args));
  }

  private static String error(String... args) {
    return assertThrows(FlagException.class, () -> config(args)).getMessage();
  }

  @Test
  void defaultsAreUpstreamsExceptDurablePersistence() throws Exception {
    GatewayConfig c = config();
    assertEquals(List.of(new ListenAddress("", 9091)), c.listenAddresses());
    assertEquals("/metrics", c.telemetryPath());
    assertEquals("", c.routePrefix());
    assertNull(c.externalUrl());
    assertNull(c.webConfigFile());
    assertFalse(c.lifecycleEnabled());
    assertFalse(c.adminApiEnabled());
    assertFalse(c.openMetricsEnabled());
    assertEquals(Path.of("./data"), c.persistenceDirectory());
    assertEquals(Duration.ofMinutes(5), c.persistenceInterval());
    assertTrue(c.consistencyCheck());
    assertEquals(64L << 20, c.maxBodyBytes());
    assertEquals(SyncMode.ALWAYS, c.storeSync());
    assertEquals(LogLevel.INFO, c.logLevel());
    assertEquals(LogFormat.LOGFMT, c.logFormat());
  }

  @Test
  void acceptsBothValueFormsAndBooleanNegation() throws Exception {
    GatewayConfig c = config("--web.listen-address", "127.0.0.1:0", "--web.telemetry-path=/m",
        "--web.enable-lifecycle", "--no-web.enable-admin-api", "--web.enable-openmetrics",
        "--push.disable-consistency-check", "--persistence.file=", "--log.format", "json", "--store.sync=none");
    assertEquals(List.of(new ListenAddress("127.0.0.1", 0)), c.listenAddresses());
    assertEquals("/m", c.telemetryPath());
    assertTrue(c.lifecycleEnabled());
    assertFalse(c.adminApiEnabled());
    assertTrue(c.openMetricsEnabled());
    assertFalse(c.consistencyCheck());
    assertNull(c.persistenceDirectory());
    assertEquals(LogFormat.JSON, c.logFormat());
    assertEquals(SyncMode.NONE, c.storeSync());
  }

  @Test
  void listenAddressIsRepeatable() throws Exception {
    GatewayConfig c = config("--web.listen-address=127.0.0.1:1", "--web.listen-address=[::1]:2");
    assertEquals(List.of(new ListenAddress("127.0.0.1", 1), new ListenAddress("::1", 2)), c.listenAddresses());
    assertEquals("127.0.0.1:1,[::1]:2", c.flagValues().get("web.listen-address"));
  }

  @Test
  void unknownFlagsAndStrayArgumentsFailNamingThem() {
    assertEquals("unknown long flag '--foo'", error("--foo"));
    assertEquals("unknown long flag '--foo'", error("--foo=1"));
    assertEquals("unknown long flag '--no-web.telemetry-path'", error("--no-web.telemetry-path"));
    assertEquals("unknown short flag '-x'", error("-x"));
    assertEquals("unexpected extra", error("extra"));
  }

  @Test
  void missingArgumentAndRepetitionFail() {
    assertEquals("expected argument for flag '--web.telemetry-path'", error("--web.telemetry-path"));
    assertEquals("flag 'web.telemetry-path' cannot be repeated", error("--web.telemetry-path=/a", "--web.telemetry-path=/b"));
    assertEquals("flag 'web.enable-lifecycle' cannot be repeated", error("--no-web.enable-lifecycle", "--web.enable-lifecycle"));
  }

  @Test
  void badValuesFailNamingTheFlagAndTheProblem() {
    assertEquals("invalid value \"abc\" for flag --persistence.interval: time: invalid duration \"abc\"",
        error("--persistence.interval=abc"));
    assertEquals("invalid value \"verbose\" for flag --log.level: unrecognized log level \"verbose\"",
        error("--log.level=verbose"));
    assertEquals("invalid value \"xml\" for flag --log.format: unrecognized log format \"xml\"",
        error("--log.format=xml"));
    assertEquals("invalid value \"maybe\" for flag --web.enable-lifecycle: expected true or false",
        error("--web.enable-lifecycle=maybe"));
    assertTrue(error("--web.external-url=:bad").startsWith("invalid value \":bad\" for flag --web.external-url: invalid URL: "));
    assertEquals("invalid value \"example.com/x\" for flag --web.external-url: invalid URL: missing protocol scheme",
        error("--web.external-url=example.com/x"));
    assertEquals("invalid value \"9091\" for flag --web.listen-address: address 9091: missing port in address",
        error("--web.listen-address=9091"));
    assertEquals("invalid value \"metrics\" for flag --web.telemetry-path: path must start with /",
        error("--web.telemetry-path=metrics"));
    assertEquals("invalid value \"sometimes\" for flag --store.sync: expected always or none",
        error("--store.sync=sometimes"));
    assertTrue(error("--push.max-body-bytes=lots").startsWith("invalid value \"lots\" for flag --push.max-body-bytes: "));
    assertTrue(error("--push.max-body-bytes=0").startsWith("invalid value \"0\" for flag --push.max-body-bytes: "));
  }

  @Test
  void bodyLimitTakesBase2Units() {
    assertEquals(1024, Flags.parseBytes("1024"));
    assertEquals(1024, Flags.parseBytes("1KiB"));
    assertEquals(1 << 20, Flags.parseBytes("1MB"));
    assertEquals(1L << 30, Flags.parseBytes("1GiB"));
    assertThrows(IllegalArgumentException.class, () -> Flags.parseBytes("2GiB"));
  }

  @Test
  void routePrefixFollowsUpstreamsRule() throws Exception {
    assertEquals("/pfx", config("--web.route-prefix=/pfx/").routePrefix());
    assertEquals("/pfx", config("--web.route-prefix=pfx").routePrefix());
    assertEquals("", config("--web.route-prefix=/").routePrefix());
    assertEquals("/gw", config("--web.external-url=http://example.com/gw/").routePrefix());
    assertEquals("/own", config("--web.external-url=http://example.com/gw", "--web.route-prefix=/own").routePrefix());
    assertEquals("", config("--web.external-url=http://example.com").routePrefix());
    assertEquals("/pfx/metrics", config("--web.route-prefix=/pfx").scrapePath());
    assertEquals("/metrics", config("--web.telemetry-path=/metrics/").scrapePath());
    assertEquals("/a/b", config("--web.route-prefix=/a", "--web.telemetry-path=//b").scrapePath());
  }

  @Test
  void statusFlagValuesUseUpstreamsRenderings() throws Exception {
    GatewayConfig c = config("--persistence.interval=90s", "--web.enable-lifecycle");
    assertEquals("1m30s", c.flagValues().get("persistence.interval"));
    assertEquals("true", c.flagValues().get("web.enable-lifecycle"));
    assertEquals("false", c.flagValues().get("web.enable-admin-api"));
    assertEquals(":9091", c.flagValues().get("web.listen-address"));
    assertEquals("", c.flagValues().get("web.external-url"));
  }

  @Test
  void helpAndVersionAreRecognised() throws Exception {
    assertTrue(Flags.PARSER.parse("-h").help());
    assertTrue(Flags.PARSER.parse("--help").help());
    assertTrue(Flags.PARSER.parse("--version").version());
    String usage = Flags.PARSER.usage(Flags.PROGRAM, Flags.DESCRIPTION);
    for (FlagParser.Flag f : Flags.PARSER.flags()) {
      assertTrue(usage.contains("--" + f.name()) || usage.contains("--[no-]" + f.name()), f.name());
    }
  }

  @Test
  void kafkaIngestIsOffWithoutBootstrapServers() throws Exception {
    GatewayConfig c = config();
    assertNull(c.kafka());
    assertFalse(c.kafkaReadyRequiresBroker());
    assertEquals("", c.flagValues().get("kafka.bootstrap-servers"));
  }

  @Test
  void kafkaDefaultsFollowTheDesign() throws Exception {
    KafkaIngestConfig k = config("--kafka.bootstrap-servers=127.0.0.1:9092").kafka();
    assertEquals("127.0.0.1:9092", k.bootstrapServers());
    assertEquals(List.of("pushbridge-metrics"), k.topics());
    assertEquals("pushbridge", k.groupId());
    assertEquals("pushbridge-metrics-dlq", k.dlqTopic());
    assertEquals(64L << 20, k.maxBodyBytes());
    assertEquals(Map.of(), k.consumerProperties());
    assertEquals(Map.of(), k.producerProperties());
    assertFalse(config("--kafka.bootstrap-servers=127.0.0.1:9092").kafkaReadyRequiresBroker());
  }

  @Test
  void kafkaTopicIsRepeatableAndTheDeadLetterTopicFollowsTheFirst() throws Exception {
    GatewayConfig c = config("--kafka.bootstrap-servers", "k1:9092,k2:9092", "--kafka.topic=a", "--kafka.topic", "b",
        "--kafka.group-id=gw-1", "--kafka.ready-requires-broker");
    assertEquals(List.of("a", "b"), c.kafka().topics());
    assertEquals("a-dlq", c.kafka().dlqTopic());
    assertEquals("gw-1", c.kafka().groupId());
    assertTrue(c.kafkaReadyRequiresBroker());
    assertEquals("a,b", c.flagValues().get("kafka.topic"));
    assertEquals("dead", config("--kafka.bootstrap-servers=k:1", "--kafka.dlq-topic=dead").kafka().dlqTopic());
  }

  @Test
  void kafkaRecordsShareThePushBodyLimit() throws Exception {
    assertEquals(1 << 20,
        config("--kafka.bootstrap-servers=k:1", "--push.max-body-bytes=1MiB").kafka().maxBodyBytes());
  }

  @Test
  void kafkaClientPropertiesPassThroughAndPasswordsAreHiddenInStatus() throws Exception {
    GatewayConfig c = config("--kafka.bootstrap-servers=k:9093",
        "--kafka.consumer.security.protocol=SASL_SSL", "--kafka.consumer.sasl.mechanism", "PLAIN",
        "--kafka.consumer.ssl.truststore.password=s3cret", "--kafka.consumer.max.poll.records=100",
        "--kafka.producer.compression.type=zstd", "--kafka.producer.security.protocol=SASL_SSL");
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
        "ssl.truststore.password", "s3cret", "max.poll.records", "100"), c.kafka().consumerProperties());
    assertEquals(Map.of("compression.type", "zstd", "security.protocol", "SASL_SSL"),
        c.kafka().producerProperties());
    assertEquals("security.protocol=SASL_SSL,sasl.mechanism=PLAIN,ssl.truststore.password=<hidden>,"
        + "max.poll.records=100", c.flagValues().get("kafka.consumer"));
    assertEquals("compression.type=zstd,security.protocol=SASL_SSL", c.flagValues().get("kafka.producer"));
    assertEquals("", config().flagValues().get("kafka.consumer"));
  }

  @Test
  void badKafkaFlagsFailNamingTheFlag() {
    assertEquals("flag --kafka.topic needs --kafka.bootstrap-servers (Kafka ingest is off without it)",
        error("--kafka.topic=x"));
    assertEquals("flag --kafka.consumer.* needs --kafka.bootstrap-servers (Kafka ingest is off without it)",
        error("--kafka.consumer.security.protocol=SSL"));
    assertEquals("flag --kafka.ready-requires-broker needs --kafka.bootstrap-servers (Kafka ingest is off without it)",
        error("--kafka.ready-requires-broker"));
    assertEquals("invalid value \"localhost\" for flag --kafka.bootstrap-servers: expected host:port[,host:port...], "
        + "got \"localhost\"", error("--kafka.bootstrap-servers=localhost"));
    assertEquals("invalid value \"k:1,\" for flag --kafka.bootstrap-servers: expected host:port[,host:port...], "
        + "got an empty entry", error("--kafka.bootstrap-servers=k:1,"));
    assertEquals("invalid value \"k:99999\" for flag --kafka.bootstrap-servers: expected host:port[,host:port...], "
        + "got \"k:99999\"", error("--kafka.bootstrap-servers=k:99999"));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.topic=a/b")
        .startsWith("invalid value \"a/b\" for flag --kafka.topic: "), error("--kafka.bootstrap-servers=k:1", "--kafka.topic=a/b"));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.topic=a", "--kafka.topic=a")
        .startsWith("invalid value \"a,a\" for flag --kafka.topic: "));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.topic=a", "--kafka.dlq-topic=a")
        .startsWith("invalid value \"a\" for flag --kafka.dlq-topic: "));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.dlq-topic=no way")
        .startsWith("invalid value \"no way\" for flag --kafka.dlq-topic: "));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.group-id= ")
        .startsWith("invalid value \" \" for flag --kafka.group-id: "));
  }

  @Test
  void badKafkaClientPropertiesFailNamingTheProperty() {
    assertEquals("unknown Kafka consumer setting 'max.pol.records' in flag --kafka.consumer.max.pol.records",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.max.pol.records=5"));
    assertEquals("unknown Kafka producer setting 'linger' in flag --kafka.producer.linger",
        error("--kafka.bootstrap-servers=k:1", "--kafka.producer.linger=5"));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.max.poll.records=many")
        .startsWith("invalid value \"many\" for flag --kafka.consumer.max.poll.records: "));
    assertTrue(error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.security.protocol=SSH")
        .startsWith("invalid value \"SSH\" for flag --kafka.consumer.security.protocol: "));
    assertEquals("flag --kafka.consumer.group.id is not allowed: Pushbridge sets group.id itself;"
            + " use --kafka.group-id",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.group.id=other"));
    assertEquals("flag --kafka.producer.bootstrap.servers is not allowed: Pushbridge sets"
            + " bootstrap.servers itself; use --kafka.bootstrap-servers",
        error("--kafka.bootstrap-servers=k:1", "--kafka.producer.bootstrap.servers=k:2"));
    assertEquals("flag --kafka.producer.key.serializer is not allowed: Pushbridge sets"
            + " key.serializer itself",
        error("--kafka.bootstrap-servers=k:1", "--kafka.producer.key.serializer=NoSuchClass"));
    assertEquals("flag --kafka.consumer.enable.auto.commit is not allowed: Pushbridge sets"
            + " enable.auto.commit itself",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.max.poll.records=many",
            "--kafka.consumer.enable.auto.commit=true"));
    assertEquals("flag 'kafka.consumer.client.id' cannot be repeated",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.client.id=a", "--kafka.consumer.client.id=b"));
    assertEquals("flag '--kafka.consumer' needs a property: --kafka.consumer.<property>=<value>",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer=x"));
    assertEquals("expected argument for flag '--kafka.consumer.client.id'",
        error("--kafka.bootstrap-servers=k:1", "--kafka.consumer.client.id"));
  }

  @Test
  void helpListsTheKafkaFlags() {
    String usage = Flags.PARSER.usage(Flags.PROGRAM, Flags.DESCRIPTION);
    for (String flag : new String[] {"--kafka.bootstrap-servers=\"\"", "--kafka.topic=\"pushbridge-metrics\" ...",
        "--kafka.group-id=\"pushbridge\"", "--kafka.dlq-topic=\"\"", "--kafka.consumer.<property>=<value> ...",
        "--kafka.producer.<property>=<value> ...", "--[no-]kafka.ready-requires-broker"}) {
      assertTrue(usage.contains(flag), flag + " in\n" + usage);
    }
  }
}
