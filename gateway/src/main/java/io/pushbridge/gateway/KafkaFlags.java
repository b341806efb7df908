package io.pushbridge.gateway;

import io.pushbridge.gateway.FlagParser.Flag;
import io.pushbridge.kafka.KafkaIngestConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The {@code --kafka.*} flags (beyond upstream): their definitions and their checks, so that a
 * command line Kafka would refuse fails the start naming the flag instead of failing later in the
 * consumer.
 */
final class KafkaFlags {
  private KafkaFlags() {}

  static final String BOOTSTRAP = "kafka.bootstrap-servers";
  static final String TOPIC = "kafka.topic";
  static final String GROUP = "kafka.group-id";
  static final String DLQ = "kafka.dlq-topic";
  static final String CONSUMER = "kafka.consumer";
  static final String PRODUCER = "kafka.producer";
  static final String READY = "kafka.ready-requires-broker";

  private static final String HIDDEN = "<hidden>";

  static final List<Flag> FLAGS = List.of(
      Flag.string(BOOTSTRAP, "",
          "Kafka brokers (host:port,...) to consume pushes from. If empty, Kafka ingest is off and no other --kafka flag may be given."),
      Flag.string(TOPIC, KafkaIngestConfig.DEFAULT_TOPIC,
          "Topic of push records: key the grouping key path (job/<job>/...), value the push body. Repeatable for several topics.")
          .repeated(),
      Flag.string(GROUP, KafkaIngestConfig.DEFAULT_GROUP_ID,
          "Kafka consumer group. Positions are kept in the store with the data; the group's committed offsets only feed lag monitoring."),
      Flag.string(DLQ, "",
          "Topic that receives records which cannot be applied, with error and source-* headers. Defaults to the first --kafka.topic plus -dlq."),
      Flag.properties(CONSUMER,
          "Kafka consumer setting passed through (TLS, SASL, tuning), e.g. --kafka.consumer.security.protocol=SSL. Pushbridge sets bootstrap.servers, group.id, enable.auto.commit, auto.offset.reset and the deserializers itself."),
      Flag.properties(PRODUCER,
          "Setting of the dead-letter producer passed through, e.g. --kafka.producer.sasl.mechanism=PLAIN. Pushbridge sets bootstrap.servers and the serializers itself."),
      Flag.bool(READY,
          "Answer /-/ready with 503 while the Kafka brokers cannot be reached or a push topic is missing. By default /-/ready ignores Kafka."));

  /** The ingest these flags ask for, or null when {@code --kafka.bootstrap-servers} is empty. */
  static KafkaIngestConfig toConfig(FlagParser.Result r, long maxBodyBytes) throws FlagException {
    String bootstrap = r.value(BOOTSTRAP).trim();
    if (bootstrap.isEmpty()) {
      for (Flag f : FLAGS) {
        if (!f.name().equals(BOOTSTRAP) && r.isGiven(f.name())) {
          throw new FlagException("flag --" + f.name() + (f.properties() ? ".*" : "")
              + " needs --" + BOOTSTRAP + " (Kafka ingest is off without it)");
        }
      }
      return null;
    }
    checkBootstrap(bootstrap);
    Map<String, String> consumer = r.properties(CONSUMER);
    Map<String, String> producer = r.properties(PRODUCER);
    // The settings the ingest owns first, so that their refusal is not hidden behind a bad value;
    // then each part with defaults for the others, so the error names the right flag.
    refuseOwned(CONSUMER, consumer, KafkaIngestConfig.OWNED_CONSUMER_KEYS);
    refuseOwned(PRODUCER, producer, KafkaIngestConfig.OWNED_PRODUCER_KEYS);
    checkProperties(CONSUMER, consumer, ConsumerConfig.configDef());
    checkProperties(PRODUCER, producer, ProducerConfig.configDef());
    String group = r.value(GROUP);
    List<String> topics = r.all(TOPIC);
    String dlq = r.value(DLQ).isEmpty() ? null : r.value(DLQ);

    attempt(GROUP, group, () -> new KafkaIngestConfig(bootstrap, null, group, null, maxBodyBytes, null, null));
    String topicList = String.join(",", topics);
    try {
      return new KafkaIngestConfig(bootstrap, topics, group, dlq, maxBodyBytes, consumer, producer);
    } catch (IllegalArgumentException e) {
      if (dlq != null) {
        attempt(TOPIC, topicList, () -> new KafkaIngestConfig(bootstrap, topics, null, null, maxBodyBytes, null, null));
        throw invalid(DLQ, dlq, e.getMessage());
      }
      throw invalid(TOPIC, topicList, e.getMessage());
    }
  }

  /** The flags' values for {@code /api/v1/status}; Kafka password settings are hidden. */
  static void show(FlagParser.Result r, Map<String, String> shown) {
    shown.put(CONSUMER, showProperties(r.properties(CONSUMER), () -> ConsumerConfig.configDef()));
    shown.put(PRODUCER, showProperties(r.properties(PRODUCER), () -> ProducerConfig.configDef()));
  }

  /** The Kafka client's config classes are loaded only when there is a property to look up. */
  private static String showProperties(Map<String, String> properties, Supplier<ConfigDef> defs) {
    if (properties.isEmpty()) {
      return "";
    }
    ConfigDef def = defs.get();
    List<String> parts = new ArrayList<>();
    properties.forEach((k, v) -> parts.add(k + "=" + (secret(def, k) ? HIDDEN : v)));
    return String.join(",", parts);
  }

  private static boolean secret(ConfigDef def, String property) {
    ConfigDef.ConfigKey key = def.configKeys().get(property);
    return key != null && key.type == ConfigDef.Type.PASSWORD;
  }

  /** {@code host:port[,host:port...]}; names are resolved by the client at start. */
  private static void checkBootstrap(String value) throws FlagException {
    for (String entry : value.split(",", -1)) {
      String e = entry.trim();
      int colon = e.lastIndexOf(':');
      String port = colon < 0 ? "" : e.substring(colon + 1);
      boolean ok = colon > 0 && !port.isEmpty() && port.chars().allMatch(Character::isDigit)
          && port.length() <= 5 && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
      if (!ok) {
        throw invalid(BOOTSTRAP, value,
            "expected host:port[,host:port...], got " + (e.isEmpty() ? "an empty entry" : "\"" + e + "\""));
      }
    }
  }

  /** A setting the ingest sets itself, named by its flag and, where one sets it, the flag to use. */
  private static void refuseOwned(String family, Map<String, String> properties, Set<String> owned)
      throws FlagException {
    for (String name : new TreeSet<>(properties.keySet())) {
      if (owned.contains(name)) {
        String instead = name.equals("group.id") ? GROUP : name.equals("bootstrap.servers") ? BOOTSTRAP : null;
        throw new FlagException("flag --" + family + "." + name + " is not allowed: Pushbridge sets "
            + name + " itself" + (instead == null ? "" : "; use --" + instead));
      }
    }
  }

  /** Every property must be one the client knows, with a value its definition accepts. */
  private static void checkProperties(String family, Map<String, String> properties, ConfigDef def)
      throws FlagException {
    if (properties.isEmpty()) {
      return;
    }
    String client = family.equals(CONSUMER) ? "consumer" : "producer";
    for (String name : properties.keySet()) {
      if (!def.configKeys().containsKey(name)) {
        throw new FlagException("unknown Kafka " + client + " setting '" + name + "' in flag --"
            + family + "." + name);
      }
    }
    Map<String, ConfigValue> checked = def.validateAll(new LinkedHashMap<>(properties));
    for (Map.Entry<String, String> p : properties.entrySet()) {
      ConfigValue v = checked.get(p.getKey());
      if (v != null && !v.errorMessages().isEmpty()) {
        throw invalid(family + "." + p.getKey(), secret(def, p.getKey()) ? HIDDEN : p.getValue(),
            String.join("; ", v.errorMessages()));
      }
    }
  }

  private interface Check {
    void run();
  }

  private static void attempt(String flag, String value, Check check) throws FlagException {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw invalid(flag, value, e.getMessage());
    }
  }

  private static FlagException invalid(String flag, String value, String why) {
    return new FlagException("invalid value \"" + value + "\" for flag --" + flag + ": " + why);
  }
}
