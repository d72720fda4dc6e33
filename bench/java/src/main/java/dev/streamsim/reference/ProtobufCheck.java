package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;

/**
 * protobuf-java's side of streamsim's Protobuf round trip (issue 9). Java has no .proto parser without protoc, so
 * streamsim sends the file as a FileDescriptorSet. Reads JSON lines {"descriptor": base64 FileDescriptorSet (one
 * file, no imports), "message": the message's full name, "framed": base64 of Confluent-framed bytes streamsim wrote
 * (magic 0, 4-byte id, message-index varints, Protobuf binary)} and answers each with {"id", "indexes": the message's
 * index path as Confluent computes it from the descriptor, "json": JsonFormat's text of the DynamicMessage (proto
 * field names, fields without presence printed), "framed": base64 of the same header and Java's own encoding}.
 */
public final class ProtobufCheck {
  private ProtobufCheck() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JsonFormat.Printer printer = JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      JsonNode request = json.readTree(line);
      FileDescriptorSet set = FileDescriptorSet.parseFrom(Base64.getDecoder().decode(request.get("descriptor").asText()));
      FileDescriptorProto proto = set.getFile(0);
      FileDescriptor file = FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
      String name = request.get("message").asText();
      Descriptor descriptor = find(file, name);
      if (descriptor == null) throw new IllegalArgumentException("no message " + name);

      byte[] framed = Base64.getDecoder().decode(request.get("framed").asText());
      ByteBuffer buffer = ByteBuffer.wrap(framed);
      if (buffer.get() != 0) throw new IllegalArgumentException("not Confluent-framed: the magic byte is not 0");
      int id = buffer.getInt();
      int count = readZigZag(buffer);
      for (int i = 0; i < count; i++) readZigZag(buffer);
      int payloadStart = buffer.position();
      DynamicMessage message = DynamicMessage.parseFrom(descriptor, Arrays.copyOfRange(framed, payloadStart, framed.length));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(framed, 0, payloadStart);
      message.writeTo(bytes);
      ObjectNode answer = json.createObjectNode();
      answer.put("id", id);
      ArrayNode indexes = answer.putArray("indexes");
      for (int index : indexes(descriptor)) indexes.add(index);
      answer.put("json", printer.print(message));
      answer.put("framed", Base64.getEncoder().encodeToString(bytes.toByteArray()));
      out.println(json.writeValueAsString(answer));
    }
  }

  private static Descriptor find(FileDescriptor file, String fullName) {
    Deque<Descriptor> todo = new ArrayDeque<>(file.getMessageTypes());
    while (!todo.isEmpty()) {
      Descriptor d = todo.pop();
      if (d.getFullName().equals(fullName)) return d;
      todo.addAll(d.getNestedTypes());
    }
    return null;
  }

  /** Confluent's KafkaProtobufSerializer path: each level's index among its parent's nested types. */
  private static Deque<Integer> indexes(Descriptor descriptor) {
    Deque<Integer> path = new ArrayDeque<>();
    for (Descriptor d = descriptor; d != null; d = d.getContainingType()) path.push(d.getIndex());
    return path;
  }

  private static int readZigZag(ByteBuffer buffer) {
    int raw = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = buffer.get();
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    return (raw >>> 1) ^ -(raw & 1);
  }
}
