package dev.jgrad.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jgrad.tensor.DType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON header: parsing with every field checked, and writing in the reference writer's byte layout. */
final class HeaderCodec {
    static final String METADATA_KEY = "__metadata__";

    /** Dtypes of the format that jgrad cannot represent, so they get "unsupported" rather than "unknown". */
    private static final Set<String> UNSUPPORTED = Set.of("BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64",
            "F16", "BF16", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The header's tensors in the order written, and its free-form metadata (empty if absent). */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private HeaderCodec() {}

    static Parsed parse(byte[] header, String source) throws SafeTensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(source, "the header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SafeTensorsException(source, "the header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafeTensorsException(source, "the header must be a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = metadata(field.getValue(), source);
            } else {
                entries.add(entry(field.getKey(), field.getValue(), source));
            }
        }
        return new Parsed(entries, metadata);
    }

    private static Map<String, String> metadata(JsonNode node, String source) throws SafeTensorsException {
        if (!node.isObject()) {
            throw new SafeTensorsException(source, "\"" + METADATA_KEY + "\" must be an object mapping strings to strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new SafeTensorsException(source, "\"" + METADATA_KEY + "\" must map strings to strings, but \"" + f.getKey()
                        + "\" maps to a " + f.getValue().getNodeType().toString().toLowerCase());
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
        return out;
    }

    private static Entry entry(String name, JsonNode node, String source) throws SafeTensorsException {
        String where = "tensor \"" + name + "\"";
        if (!node.isObject()) {
            throw new SafeTensorsException(source, where + ": expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = required(node, "dtype", where, source);
        if (!dtypeNode.isTextual()) {
            throw new SafeTensorsException(source, where + ": \"dtype\" must be a string");
        }
        DType dtype = dtype(dtypeNode.textValue(), where, source);

        JsonNode shapeNode = required(node, "shape", where, source);
        if (!shapeNode.isArray()) {
            throw new SafeTensorsException(source, where + ": \"shape\" must be an array of non-negative integers");
        }
        int[] shape = new int[shapeNode.size()];
        for (int d = 0; d < shape.length; d++) {
            long v = nonNegative(shapeNode.get(d), Integer.MAX_VALUE, where + ": \"shape\" entries", source);
            shape[d] = (int) v;
        }

        JsonNode offsets = required(node, "data_offsets", where, source);
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new SafeTensorsException(source, where + ": \"data_offsets\" must be an array of two non-negative integers [begin, end]");
        }
        long begin = nonNegative(offsets.get(0), Long.MAX_VALUE, where + ": \"data_offsets\"", source);
        long end = nonNegative(offsets.get(1), Long.MAX_VALUE, where + ": \"data_offsets\"", source);
        if (end < begin) {
            throw new SafeTensorsException(source, where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static JsonNode required(JsonNode node, String field, String where, String source) throws SafeTensorsException {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new SafeTensorsException(source, where + ": missing \"" + field + "\"");
        }
        return v;
    }

    private static DType dtype(String code, String where, String source) throws SafeTensorsException {
        switch (code) {
            case "F32":
                return DType.FLOAT32;
            case "F64":
                return DType.FLOAT64;
            default:
                if (UNSUPPORTED.contains(code)) {
                    throw new SafeTensorsException(source, where + " has dtype " + code
                            + ", which jgrad does not support (it reads F32 and F64 only)");
                }
                throw new SafeTensorsException(source, where + " has unknown dtype \"" + code + "\"");
        }
    }

    private static long nonNegative(JsonNode v, long max, String what, String source) throws SafeTensorsException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
            throw new SafeTensorsException(source, what + " must be integers from 0 to " + max + ", got " + v);
        }
        return v.longValue();
    }

    /**
     * The header bytes, padded with spaces to a multiple of 8 so the data section (and with it every
     * F64 value) starts 8-byte aligned, as the reference writer does: compact JSON,
     * {@code __metadata__} first (only when non-empty), then the tensors in {@code entries} order.
     *
     * <p>Written by hand rather than with Jackson because the bytes must be the reference's (serde_json's):
     * Jackson 2.17 escapes characters outside the BMP as surrogate pairs ({@code \uD83D\uDE00}) and
     * uses upper-case hex, where serde_json writes raw UTF-8 and lower-case hex.
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            string(sb, METADATA_KEY).append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                string(sb.append(sep), m.getKey()).append(':');
                string(sb, m.getValue());
                sep = ",";
            }
            sb.append('}');
        }
        String sep = metadata.isEmpty() ? "" : ",";
        for (Entry e : entries) {
            string(sb.append(sep), e.name()).append(":{\"dtype\":\"").append(Entry.code(e.dtype())).append("\",\"shape\":[");
            for (int d = 0; d < e.shape().length; d++) {
                sb.append(d == 0 ? "" : ",").append(e.shape()[d]);
            }
            sb.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
            sep = ",";
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    /** A JSON string as serde_json escapes it: quote, backslash and control characters only. */
    private static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
