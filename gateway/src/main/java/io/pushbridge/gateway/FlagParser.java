package io.pushbridge.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a command line the way kingpin (upstream's flag library) does: {@code --name=value} and
 * {@code --name value}, booleans as {@code --name} and {@code --no-name}, a flag given twice is an
 * error unless it is repeatable, and anything else is an error naming the offending argument.
 * Beyond kingpin, a boolean also accepts an explicit {@code --name=true} or {@code --name=false},
 * and a property flag {@code name} takes any number of {@code --name.<property>=<value>}, each
 * property at most once.
 */
final class FlagParser {

  /**
   * One flag: booleans take no argument, the others exactly one; a property flag is a family of
   * flags {@code --name.<property>}.
   */
  record Flag(String name, String defaultValue, boolean bool, boolean repeatable, boolean properties,
      String help) {
    static Flag string(String name, String defaultValue, String help) {
      return new Flag(name, defaultValue, false, false, false, help);
    }

    static Flag bool(String name, String help) {
      return new Flag(name, "false", true, false, false, help);
    }

    static Flag properties(String name, String help) {
      return new Flag(name, "", false, true, true, help);
    }

    Flag repeated() {
      return new Flag(name, defaultValue, bool, true, properties, help);
    }
  }

  /**
   * What the command line asked for: help, the version, or a run with these flag values.
   *
   * @param values every plain flag's values: those given, or its default
   * @param properties every property flag's properties, in the order given
   * @param given the flags the command line named (for property flags: the family's name)
   */
  record Result(boolean help, boolean version, Map<String, List<String>> values,
      Map<String, Map<String, String>> properties, Set<String> given) {
    /** The single value of a flag: the one given, or its default. */
    String value(String name) {
      List<String> all = values.get(name);
      return all.get(all.size() - 1);
    }

    List<String> all(String name) {
      return values.get(name);
    }

    Map<String, String> properties(String name) {
      return properties.getOrDefault(name, Map.of());
    }

    boolean isGiven(String name) {
      return given.contains(name);
    }
  }

  private final Map<String, Flag> flags = new LinkedHashMap<>();

  FlagParser(List<Flag> flags) {
    for (Flag f : flags) {
      this.flags.put(f.name(), f);
    }
  }

  List<Flag> flags() {
    return List.copyOf(flags.values());
  }

  Result parse(String... args) throws FlagException {
    Map<String, List<String>> given = new LinkedHashMap<>();
    Map<String, Map<String, String>> properties = new LinkedHashMap<>();
    boolean help = false;
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (arg.equals("--version")) {
        version = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        if (arg.startsWith("-") && arg.length() > 1) {
          throw new FlagException("unknown short flag '" + arg + "'");
        }
        throw new FlagException("unexpected " + arg);
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String inline = eq < 0 ? null : arg.substring(eq + 1);
      Flag flag = flags.get(name);
      Flag family = flag == null ? propertyFamily(name) : null;
      if (family != null || (flag != null && flag.properties())) {
        if (family == null) {
          throw new FlagException("flag '--" + name + "' needs a property: --" + name + ".<property>=<value>");
        }
        String property = name.substring(family.name().length() + 1);
        String value;
        if (inline != null) {
          value = inline;
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new FlagException("expected argument for flag '--" + name + "'");
        }
        Map<String, String> props = properties.computeIfAbsent(family.name(), k -> new LinkedHashMap<>());
        if (props.putIfAbsent(property, value) != null) {
          throw new FlagException("flag '" + name + "' cannot be repeated");
        }
        continue;
      }
      String value;
      if (flag == null && name.startsWith("no-") && inline == null) {
        flag = flags.get(name.substring(3));
        if (flag == null || !flag.bool()) {
          throw new FlagException("unknown long flag '" + arg + "'");
        }
        value = "false";
      } else if (flag == null) {
        throw new FlagException("unknown long flag '--" + name + "'");
      } else if (flag.bool()) {
        value = inline == null ? "true" : inline;
        if (!value.equals("true") && !value.equals("false")) {
          throw new FlagException(
              "invalid value \"" + value + "\" for flag --" + name + ": expected true or false");
        }
      } else if (inline != null) {
        value = inline;
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new FlagException("expected argument for flag '--" + name + "'");
      }
      List<String> values = given.computeIfAbsent(flag.name(), k -> new ArrayList<>());
      if (!values.isEmpty() && !flag.repeatable()) {
        throw new FlagException("flag '" + flag.name() + "' cannot be repeated");
      }
      values.add(value);
    }
    Map<String, List<String>> all = new LinkedHashMap<>();
    Map<String, Map<String, String>> allProperties = new LinkedHashMap<>();
    for (Flag f : flags.values()) {
      if (f.properties()) {
        allProperties.put(f.name(),
            Collections.unmodifiableMap(new LinkedHashMap<>(properties.getOrDefault(f.name(), Map.of()))));
      } else {
        all.put(f.name(), List.copyOf(given.getOrDefault(f.name(), List.of(f.defaultValue()))));
      }
    }
    Set<String> named = new LinkedHashSet<>(given.keySet());
    named.addAll(properties.keySet());
    return new Result(help, version, Map.copyOf(all), Map.copyOf(allProperties),
        Collections.unmodifiableSet(named));
  }

  /** The property flag {@code name} belongs to ({@code family.<property>}), or null. */
  private Flag propertyFamily(String name) {
    for (Flag f : flags.values()) {
      if (f.properties() && name.startsWith(f.name() + ".") && name.length() > f.name().length() + 1) {
        return f;
      }
    }
    return null;
  }

  /** Usage text in kingpin's layout: one flag per entry, its default, its help wrapped. */
  String usage(String program, String description) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: ").append(program).append(" [<flags>]\n\n").append(description).append("\n\nFlags:\n");
    appendEntry(sb, "  -h, --help", "Show this help.");
    for (Flag f : flags.values()) {
      String head = "      --" + f.name();
      if (f.bool()) {
        head = "      --[no-]" + f.name();
      } else if (f.properties()) {
        head += ".<property>=<value> ...";
      } else {
        head += "=\"" + f.defaultValue() + "\"" + (f.repeatable() ? " ..." : "");
      }
      appendEntry(sb, head, f.help());
    }
    appendEntry(sb, "      --version", "Show application version.");
    return sb.toString();
  }

  private static void appendEntry(StringBuilder sb, String head, String help) {
    sb.append(head).append('\n');
    StringBuilder line = new StringBuilder();
    for (String word : help.split(" ", -1)) {
      if (line.length() > 0 && line.length() + word.length() + 1 > 64) {
        sb.append("          ").append(line).append('\n');
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      sb.append("          ").append(line).append('\n');
    }
  }
}
