package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.aisaas.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The packaged logback.xml: LOG_FORMAT and LOG_LEVEL pick the encoder and level; MDC keys reach every line. */
class LoggingConfigTest {

    private final PrintStream originalOut = System.out;

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.clearProperty("LOG_FORMAT");
        System.clearProperty("LOG_LEVEL");
        MDC.clear();
    }

    private static String logWith(String format, String level) throws Exception {
        System.setProperty("LOG_FORMAT", format);
        System.setProperty("LOG_LEVEL", level);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LoggingConfigTest.class.getClassLoader().getResource("logback.xml");
        configurator.doConfigure(config);
        Logger logger = context.getLogger("com.aisaas.test");
        MDC.put("invocationId", "inv-42");
        MDC.put("functionName", "HealthReady");
        logger.debug("debug line");
        logger.info("info line");
        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() >= Status.WARN).toList();
        context.stop();
        assertThat(problems).as("logback status warnings and errors").isEmpty();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void json_writesOneJsonObjectPerLineWithTheInvocationIdAndFunctionName() throws Exception {
        String out = logWith("json", "INFO");

        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.mapper().readTree(lines[0]);
        assertThat(line.get("message").asText()).isEqualTo("info line");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("invocationId").asText()).isEqualTo("inv-42");
        assertThat(line.get("functionName").asText()).isEqualTo("HealthReady");
    }

    @Test
    void text_isReadableAndCarriesTheInvocationId_andLogLevelIsHonoured() throws Exception {
        String out = logWith("text", "DEBUG");

        assertThat(out).contains("debug line").contains("info line").contains("HealthReady inv-42");
        assertThat(out.strip().split("\n")).hasSize(2);
        assertThat(out).doesNotContain("{\"");
    }
}
