package io.projectservice.analysis.llm;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Maps {@code OPENAI_API_KEY} onto the langchain4j OpenAI client, and switches the client off
 * when there is no key. Off means the extension builds no real client and does not check the
 * key at startup (it refuses its own placeholder key in prod mode), and {@link ContextAnalyzer}
 * uses the offline analyzer. {@code OPENAI_BASE_URL} and {@code OPENAI_MODEL} are plain
 * property expressions in application.properties; the key is here because "no key" has to
 * become a second property, which an expression cannot do.
 *
 * <p>The ordinal sits just above application.properties, so an explicit
 * {@code QUARKUS_LANGCHAIN4J_OPENAI_*} environment variable or system property still wins.
 */
public class OpenAiEnvironment implements ConfigSource {
    static final String API_KEY_VARIABLE = "OPENAI_API_KEY";
    public static final String ENABLE = "quarkus.langchain4j.openai.enable-integration";
    public static final String API_KEY = "quarkus.langchain4j.openai.api-key";

    private final Map<String, String> properties;

    public OpenAiEnvironment() {
        this(System.getenv());
    }

    public OpenAiEnvironment(Map<String, String> environment) {
        String key = environment.get(API_KEY_VARIABLE);
        // "true" said out loud: a jar built without a key records the "false" it saw then as the
        // property's default, which a key given at run time must override
        properties = key == null || key.isBlank() ? Map.of(ENABLE, "false")
                : Map.of(API_KEY, key.strip(), ENABLE, "true");
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "OPENAI_API_KEY environment variable";
    }

    @Override
    public int getOrdinal() {
        return 260;
    }
}
