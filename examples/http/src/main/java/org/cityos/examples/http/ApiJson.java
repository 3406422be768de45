package org.cityos.examples.http;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.javalin.http.Context;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.cityos.core.Json;
import org.cityos.core.Values;

/**
 * The example's JSON: the library's mapper ({@link Json#MAPPER}: records, {@code Optional},
 * ISO times) plus two wire choices of this API: typed ids ({@code VendorId} and the like, records
 * of one {@code value}) are written as plain strings, and enums in lower case
 * ({@code "active"}). Unknown request properties are refused; a missing number reads as 0 and the
 * library judges it.
 */
public final class ApiJson {
    /** The configured mapper; thread-safe. */
    public static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("cityos-http-wire").setSerializerModifier(new WireForms()));

    private ApiJson() {
    }

    /**
     * Reads the request body as {@code type}; a body that is not JSON of that shape raises
     * {@code invalid_argument} (answered 400, not 422: nothing reached the library).
     */
    public static <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new BadRequest("the request body is empty: send a JSON object");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            // the parser's own message, never the body: it may hold anything
            throw new BadRequest("the request body is not a valid " + type.getSimpleName() + ": "
                    + Values.neutralise(cut(e.getOriginalMessage(), 200)));
        } catch (IOException e) {
            throw new BadRequest("the request body could not be read");
        }
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** A body the HTTP layer could not read: code {@code invalid_argument}, status 400. */
    public static final class BadRequest extends CityOsException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(ErrorCode.INVALID_ARGUMENT, message);
        }
    }

    private static final class WireForms extends BeanSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription desc,
                                                  JsonSerializer<?> serializer) {
            Class<?> c = desc.getBeanClass();
            if (c.isRecord() && c.getPackageName().startsWith("org.cityos.") && c.getRecordComponents().length == 1
                    && c.getRecordComponents()[0].getName().equals("value")) {
                return ToStringSerializer.instance;   // their toString() is the id's text
            }
            return serializer;
        }

        @Override
        public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
                                                      BeanDescription desc, JsonSerializer<?> serializer) {
            return new LowerCaseEnum();
        }
    }

    private static final class LowerCaseEnum extends StdSerializer<Enum<?>> {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings({"unchecked", "rawtypes"})
        LowerCaseEnum() {
            super((Class) Enum.class);
        }

        @Override
        public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
