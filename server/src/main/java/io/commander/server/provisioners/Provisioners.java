package io.commander.server.provisioners;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provisioners a process has, by the name clusters give in their {@code provisioner} column. */
public final class Provisioners {

  private final Map<String, Provisioner> byName = new LinkedHashMap<>();

  public Provisioners(final List<Provisioner> provisioners) {
    provisioners.forEach(p -> {
      if (byName.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException("two provisioners are named " + p.name());
      }
    });
  }

  public static Provisioners of(final Provisioner... provisioners) {
    return new Provisioners(List.of(provisioners));
  }

  public Optional<Provisioner> find(final String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The provisioner of that name.
   *
   * @throws ProvisionerException PERMANENT, naming the ones there are, when there is none
   */
  public Provisioner require(final String name) {
    return find(name).orElseThrow(() -> new ProvisionerException(ProvisionerException.Reason.PERMANENT,
        "no provisioner named '" + name + "' is available in this Commander (available: "
            + String.join(", ", byName.keySet()) + ")"));
  }
}
