package com.aisaas.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupMainTest {

    @Test
    void parse_readsValuesAndFlagsOfTheCommand() {
        BackupMain.Arguments arguments = BackupMain.Arguments.parse(new String[] {"restore", "--backup", "latest",
                "--target-url", "jdbc:postgresql://h/db", "--replace"});

        assertThat(arguments.command()).isEqualTo("restore");
        assertThat(arguments.require("--backup")).isEqualTo("latest");
        assertThat(arguments.value("--schema")).isEmpty();
        assertThat(arguments.flag("--replace")).isTrue();
        assertThat(arguments.flag("--entra")).isFalse();
    }

    @Test
    void parse_refusesUnknownCommandsOptionsAndMissingValues() {
        assertThatThrownBy(() -> BackupMain.Arguments.parse(new String[] {"drop"})).hasMessage("unknown command 'drop'");
        assertThatThrownBy(() -> BackupMain.Arguments.parse(new String[] {"export", "--replace"}))
                .hasMessage("unknown option '--replace' for export");
        assertThatThrownBy(() -> BackupMain.Arguments.parse(new String[] {"restore", "--backup", "--replace"}))
                .hasMessage("--backup needs a value");
    }

    @Test
    void run_withBadUsage_exits2AndPrintsUsage_withoutStorageItExits1SayingWhatToSet() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(BackupMain.run(new String[] {}, Map.of(), System.out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: backup list");

        err.reset();
        assertThat(BackupMain.run(new String[] {"list"}, Map.of(), System.out, errStream)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("set UploadsStorage__blobServiceUri or UploadsStorage");
    }
}
