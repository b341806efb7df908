package io.pushbridge.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a command line the way kingpin (upstream's flag library) does: {@code --name=value} and
 * {@code --name value}, booleans as {@code --name} and {@code --no-name}, a flag given twice is an
 * error unless it is repeatable, and anything else is an error naming the offending argument.
 * Beyond kingpin, a boolean also accepts an explicit {@code --name=true} or {@code --name=false}.
 */
final class FlagParser {

  /** One flag: booleans take no argument, the others exactly one. */
  record Flag(String name, String defaultValue, boolean bool, boolean repeatable, String help) {
    static Flag string(String name, String defaultValue, String help) {
      return new Flag(name, defaultValue, false, false, help);
    }

    static Flag bool(String name, String help) {
      return new Flag(name, "false", true, false, help);
    }

    Flag repeated() {
      return new Flag(name, defaultValue, bool, true, help);
    }
  }

  /** What the command line asked for: help, the version, or a run with these flag values. */
  record Result(boolean help, boolean version, Map<String, List<String>> values) {
    /** The single value of a flag: the one given, or its default. */
    String value(String name) {
      List<String> given = values.get(name);
      return given.get(given.size() - 1);
    }

    List<String> all(String name) {
      return values.get(name);
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
    for (Flag f : flags.values()) {
      all.put(f.name(), List.copyOf(given.getOrDefault(f.name(), List.of(f.defaultValue()))));
    }
    return new Result(help, version, Map.copyOf(all));
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
