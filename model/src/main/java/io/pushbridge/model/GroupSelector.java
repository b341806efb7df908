package io.pushbridge.model;

import java.util.List;

/**
 * A Prometheus series selector over grouping labels ({@code {job="batch",instance!=""}}): a group
 * is selected when every matcher matches its grouping labels. Parsed by {@link
 * GroupSelectorParser}.
 */
public record GroupSelector(List<LabelMatcher> matchers) {
  public GroupSelector {
    matchers = List.copyOf(matchers);
  }

  public boolean matches(Labels labels) {
    for (LabelMatcher m : matchers) {
      String v = labels.get(m.name());
      if (!m.matches(v == null ? "" : v)) {
        return false;
      }
    }
    return true;
  }

  public boolean matches(GroupingKey key) {
    return matches(key.labels());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < matchers.size(); i++) {
      sb.append(i > 0 ? "," : "").append(matchers.get(i));
    }
    return sb.append('}').toString();
  }
}
