package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.BindingException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.devhost.host.testapp.Item;
import com.microsoft.azure.functions.HttpRequestMessage;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyBindingTest {

    @SuppressWarnings({"unused", "rawtypes"})
    private static void declarations(HttpRequestMessage<String> string, HttpRequestMessage<Optional<String>> optionalString,
                                     HttpRequestMessage<byte[]> bytes, HttpRequestMessage<Optional<Item>> optionalItem,
                                     HttpRequestMessage<Byte[]> boxed, HttpRequestMessage<?> wildcard, HttpRequestMessage raw) {
    }

    private static BodyBinding binding(int parameter) throws NoSuchMethodException {
        Type type = BodyBindingTest.class.getDeclaredMethod("declarations", HttpRequestMessage.class, HttpRequestMessage.class,
                HttpRequestMessage.class, HttpRequestMessage.class, HttpRequestMessage.class, HttpRequestMessage.class,
                HttpRequestMessage.class).getGenericParameterTypes()[parameter];
        return BodyBinding.forRequestType(type);
    }

    @Test
    void stringBody_toStringAndPojo() throws Exception {
        assertThat(binding(0).convert("x")).isEqualTo("x");
        assertThat(binding(1).convert("x")).isEqualTo(Optional.of("x"));
        Object item = binding(3).convert("{\"name\":\"a\",\"quantity\":4}");
        assertThat(item).isInstanceOf(Optional.class);
        assertThat(((Optional<?>) item).map(i -> ((Item) i).quantity)).contains(4);
    }

    @Test
    void bytesBody_toBytesBoxedBytesAndUtf8String() throws Exception {
        byte[] bytes = "é".getBytes(StandardCharsets.UTF_8);
        assertThat(binding(2).convert(bytes)).isSameAs(bytes);
        assertThat((Byte[]) binding(4).convert(bytes)).containsExactly(bytes[0], bytes[1]);
        assertThat(binding(0).convert(bytes)).isEqualTo("é");
    }

    @Test
    void rawOrWildcardRequest_getsTheBodyAsItIs() throws Exception {
        assertThat(binding(5).convert("s")).isEqualTo("s");
        byte[] bytes = {1};
        assertThat(binding(6).convert(bytes)).isSameAs(bytes);
    }

    @Test
    void noBody_onlyBindsToOptional() throws Exception {
        assertThat(binding(1).convert(null)).isEqualTo(Optional.empty());
        assertThat(binding(3).convert(null)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> binding(0).convert(null)).isInstanceOf(BindingException.class).hasMessageContaining("no body");
    }

    @Test
    void textToBytes_failsUnlessItIsAJsonArrayOfNumbers_asTheWorkersGsonReadsIt() throws Exception {
        for (String text : new String[] {"text", "hello world", "{\"a\":1}", "\"aGk=\"", "null", "  "}) {
            assertThatThrownBy(() -> binding(2).convert(text)).as(text).isInstanceOf(BindingException.class)
                    .hasMessageContaining("JSON array of numbers");
            assertThatThrownBy(() -> binding(4).convert(text)).as(text).isInstanceOf(BindingException.class);
        }
        assertThat((byte[]) binding(2).convert("[104, 105, -1]")).containsExactly(104, 105, -1);
        assertThat((Byte[]) binding(4).convert("[1,2]")).containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void bytesToPojo_fails() throws Exception {
        assertThatThrownBy(() -> binding(3).convert(new byte[] {1})).isInstanceOf(BindingException.class);
    }

    @Test
    void contentTypes_decideBinaryOrText() {
        assertThat(RequestBodies.isBinary("application/octet-stream")).isTrue();
        assertThat(RequestBodies.isBinary("Multipart/Form-Data; boundary=x")).isTrue();
        assertThat(RequestBodies.isBinary("application/json")).isFalse();
        assertThat(RequestBodies.isBinary("image/png")).isFalse();
        assertThat(RequestBodies.isBinary("text/plain; charset=utf-8")).isFalse();
        assertThat(RequestBodies.isBinary("application/x-multipart/related")).as("the host looks for 'multipart/' anywhere").isTrue();
        assertThat(RequestBodies.isBinary(null)).isFalse();
    }
}
