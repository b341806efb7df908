package io.pushbridge.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushbridge.kafka.KafkaBrokerExtension;
import io.pushbridge.kafka.TestClients;
import io.pushbridge.kafka.TestKafka;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.LineMessageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's ways of producing a first record, run against a real broker and gateway: the Java
 * snippet, and the {@code kafka-console-producer} commands as written there (their lines read by
 * the console producer's own line reader), so the documentation cannot drift from what works.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReadmeProducerExamplesTest {
  private static final Pattern PRINTF = Pattern.compile("printf '([^']*)'");
  private static final Pattern PROPERTY = Pattern.compile("--property (\\S+)=(\\S+)");

  @Test
  void theJavaSnippetPostsABackupTimestamp(TestKafka kafka) throws Exception {
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      // The README's snippet, with the test's broker and topic.
      Map<String, Object> config = Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all");
      long now = Instant.now().getEpochSecond();
      try (Producer<String, String> producer =
          new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
        String body = "# TYPE backup_last_success_timestamp_seconds gauge\n"
            + "backup_last_success_timestamp_seconds " + now + "\n";
        ProducerRecord<String, String> record =
            new ProducerRecord<>(t.topic, "job/backup/instance/db1", body);
        record.headers().add("method", "POST".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
      assertEquals((double) now,
          KafkaTopic.sample(s, "backup_last_success_timestamp_seconds{instance=\"db1\",job=\"backup\"}"), s);
    }
  }

  @Test
  void theConsoleProducerCommandsPutPostAndDelete(TestKafka kafka) throws Exception {
    List<Command> commands = consoleCommands();
    assertEquals(3, commands.size(), "the README's console-producer commands");
    KafkaTopic t = new KafkaTopic(kafka, 1);
    try (RunningGateway gw = RunningGateway.start(null, t.flags())) {
      String temperature = "demo_temperature_celsius{instance=\"laptop\",job=\"demo\"}";
      String humidity = "demo_humidity_percent{instance=\"laptop\",job=\"demo\"}";

      TestClients.produceAll(kafka, commands.get(0).records(t.topic));
      String s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 1);
      assertEquals(21.5, KafkaTopic.sample(s, temperature), s);

      TestClients.produceAll(kafka, commands.get(1).records(t.topic));
      s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 2);
      assertEquals(40.0, KafkaTopic.sample(s, humidity), s);
      assertEquals(21.5, KafkaTopic.sample(s, temperature), "POST keeps the other families: " + s);

      TestClients.produceAll(kafka, commands.get(2).records(t.topic));
      s = t.awaitCaughtUp(gw.http, 1, "pushbridge_kafka_records_applied_total", 3);
      assertFalse(s.contains("job=\"demo\""), "the tombstone deleted the group: " + s);
    }
  }

  /** One {@code printf '...' | kafka-console-producer.sh ... --property k=v ...} of the README. */
  private record Command(String input, Map<String, String> properties) {
    List<ProducerRecord<byte[], byte[]>> records(String topic) {
      Map<String, Object> config = new HashMap<>(properties);
      config.put("topic", topic);
      LineMessageReader reader = new LineMessageReader();
      reader.configure(config);
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Iterator<ProducerRecord<byte[], byte[]>> it = reader.readRecords(new ByteArrayInputStream(input.getBytes(UTF_8)));
      it.forEachRemaining(records::add);
      return records;
    }
  }

  private static List<Command> consoleCommands() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("### Producing with kafka-console-producer");
    assertTrue(start >= 0, "README section on kafka-console-producer");
    String section = readme.substring(start, readme.indexOf("\n### ", start + 1));
    List<Command> commands = new ArrayList<>();
    String[] lines = section.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher printf = PRINTF.matcher(lines[i]);
      if (!printf.find()) {
        continue;
      }
      StringBuilder command = new StringBuilder(lines[i]);
      while (lines[i].endsWith("\\") && i + 1 < lines.length) {
        command.append(' ').append(lines[++i]);
      }
      Map<String, String> properties = new HashMap<>();
      Matcher p = PROPERTY.matcher(command);
      while (p.find()) {
        properties.put(p.group(1), p.group(2));
      }
      commands.add(new Command(printf.group(1).replace("\\t", "\t").replace("\\n", "\n"), properties));
    }
    return commands;
  }
}
