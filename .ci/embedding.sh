#!/bin/sh
# Embedding, checked as a host would do it: empty Maven projects that depend on kcis's artifacts
# as README.md (Embedding) documents them.
#  - dev.kcis:kcis-starter alone evaluates a sample bundle with the built-in rules, and carries no
#    DRL compiler (no ecj, no drools-mvel);
#  - with kcis-starter alone, compiling a rule pack says in a KcisException to add kcis-packs; with
#    kcis-packs it compiles and evaluates samples/custom-rules;
#  - dev.kcis:kcis-engine alone says, on every try, to add kcis-rules;
#  - kcis-facts-collectors carries no Drools.
# Prints each set's jar count and size (the figures of README.md, Embedding).
# The artifacts are installed into a throw-away local repository seeded from ~/.m2 (never into
# ~/.m2 itself: other builds share it; KCIS_EMBEDDING_REPO reuses one). About 6 minutes on 2 cores.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
fail() {
  echo "embedding check: $*" >&2
  exit 1
}

work=$(mktemp -d /tmp/embedding-check-XXXXXX)
repo=${KCIS_EMBEDDING_REPO:-$work/m2}
# Online by default: a host's resolution differs from the reactor's (e.g. fabric8 asks for a newer
# slf4j-api than the parent pins). KCIS_EMBEDDING_OFFLINE=-o once the repository has it all.
offline=${KCIS_EMBEDDING_OFFLINE:-}
case "$(cd "$(dirname "$repo")" && pwd)/$(basename "$repo")" in
  "$HOME/.m2/repository") fail "KCIS_EMBEDDING_REPO is ~/.m2/repository, which other builds share" ;;
esac
if [ ! -d "$repo" ]; then
  cp -r "$HOME/.m2/repository" "$repo"
fi
rm -rf "$repo/dev/kcis"
# Built from a copy of the tracked files: target/ directories of earlier builds keep executable-model
# classes of every earlier build of the rules (their names are random), which would inflate the jar.
mkdir "$work/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"
(cd "$work/src" && mvn -B -q $offline -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true -Dmaven.repo.local="$repo" install \
  -pl starter,packs,bom,facts-collectors -am)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)

# project NAME ARTIFACT...: an empty project depending on dev.kcis:ARTIFACT...; its run-time class
# path in $work/NAME/cp.txt
project() {
  name=$1; shift
  mkdir -p "$work/$name/src"
  deps=""
  for a in "$@"; do
    deps="$deps<dependency><groupId>dev.kcis</groupId><artifactId>$a</artifactId>"
    deps="$deps<version>$version</version></dependency>"
  done
  cat > "$work/$name/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>example</groupId><artifactId>$name</artifactId><version>1</version>
<dependencies>$deps</dependencies></project>
POM
  (cd "$work/$name" && mvn -B -q $offline -Dstyle.color=never -Dmaven.repo.local="$repo" \
    dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=cp.txt >/dev/null)
  jars=$(tr ':' '\n' < "$work/$name/cp.txt" | grep -c .)
  bytes=$(tr ':' '\n' < "$work/$name/cp.txt" | xargs du -cb | tail -1 | cut -f1)
  printf '%-40s %3d jars, %s\n' "$*" "$jars" \
    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f MB (%.1f MiB)", b / 1e6, b / 1048576 }')"
}

# run NAME: compiles and runs Host.java of $work/NAME with ARGS, output in $work/NAME/out
run() {
  name=$1; shift
  cp "$work/Host.java" "$work/$name/src/"
  javac -d "$work/$name/classes" -cp "$(cat "$work/$name/cp.txt")" "$work/$name/src/Host.java"
  java -cp "$work/$name/classes:$(cat "$work/$name/cp.txt")" Host "$@" \
    > "$work/$name/out" 2> "$work/$name/err"
}

cat > "$work/Host.java" <<'JAVA'
import dev.kcis.bundle.FactBundle;
import dev.kcis.core.KcisException;
import dev.kcis.engine.ComplianceEngine;
import dev.kcis.engine.Report;
import dev.kcis.engine.Status;
import java.nio.file.Path;

/** The README's example: evaluate a bundle (with a rule pack when a second argument names one). */
public class Host {
  public static void main(String[] args) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        ComplianceEngine.Builder builder = ComplianceEngine.builder().profile("cis-1.12");
        if (args.length > 1) {
          builder.addRules(Path.of(args[1]));
        }
        Report report = builder.build().evaluate(FactBundle.read(Path.of(args[0])));
        long fail = report.results().stream().filter(r -> r.status() == Status.FAIL).count();
        System.out.println(report.results().size() + " results, " + fail + " FAIL");
      } catch (KcisException e) {
        System.out.println("KcisException: " + e.getMessage());
      }
    }
  }
}
JAVA

bundle=$top/samples/bundles/kubeadm-control-plane.json
pack=$top/samples/custom-rules

project starter kcis-starter
if grep -E 'ecj|drools-mvel' "$work/starter/cp.txt" >/dev/null; then
  fail "kcis-starter brings the DRL compiler: $(tr ':' '\n' < "$work/starter/cp.txt" | grep -E 'ecj|mvel')"
fi
run starter "$bundle"
grep -Eq '^[0-9]{3} results, [0-9]+ FAIL$' "$work/starter/out" \
  || fail "kcis-starter did not evaluate $bundle: $(cat "$work/starter/out" "$work/starter/err")"
echo "  evaluates $(basename "$bundle"): $(head -1 "$work/starter/out")"
run starter "$bundle" "$pack"
[ "$(grep -c 'KcisException: .*add the dependency dev.kcis:kcis-packs' "$work/starter/out")" = 2 ] \
  || fail "a pack without kcis-packs: $(cat "$work/starter/out" "$work/starter/err")"
echo "  a pack without kcis-packs: $(head -1 "$work/starter/out")"

project packs kcis-starter kcis-packs
run packs "$bundle" "$pack"
grep -Eq '^[0-9]{3} results, [0-9]+ FAIL$' "$work/packs/out" \
  || fail "kcis-packs did not compile $pack: $(cat "$work/packs/out" "$work/packs/err")"
echo "  evaluates with $(basename "$pack"): $(head -1 "$work/packs/out")"

project engine kcis-engine
run engine "$bundle"
[ "$(grep -c 'KcisException: .*add the dependency dev.kcis:kcis-rules' "$work/engine/out")" = 2 ] \
  || fail "kcis-engine alone: $(cat "$work/engine/out" "$work/engine/err")"
echo "  without the rules: $(head -1 "$work/engine/out")"

project collectors kcis-facts-collectors
if grep -E 'drools|kie-api|kcis-engine' "$work/collectors/cp.txt" >/dev/null; then
  fail "kcis-facts-collectors brings the engine or Drools"
fi
project core kcis-core
rm -rf "$work"
