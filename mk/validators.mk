# Validators the tests run (tests/test_validators.py; docs/maintainers.md,
# "Validators"): the Nu Html Checker, vnu.jar, from the npm registry, pinned
# in package.json + package-lock.json. `npm ci --ignore-scripts`: the package's
# install script would download a Java runtime; Debian's (default-jre-headless,
# .ci/run) runs it instead.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: vnu

vnu: $(VNU_JAR) ## install the Nu Html Checker (vnu.jar) the tests run, from package-lock.json

$(VNU_JAR): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The test suite validates every page with it.
test: $(VNU_JAR)
