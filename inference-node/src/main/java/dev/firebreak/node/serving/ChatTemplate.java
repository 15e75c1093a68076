package dev.firebreak.node.serving;

import dev.firebreak.node.engine.tokenizer.Tokenizer;
import dev.firebreak.node.openai.CompletionRequest;
import dev.firebreak.node.openai.OpenAiErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders chat messages into prompt tokens: Llama 3's header format when the vocabulary has its
 * special tokens, otherwise the byte-level presets' turn tokens. Message text is always encoded as
 * plain text, so a user cannot inject special tokens.
 */
final class ChatTemplate {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private ChatTemplate() {
    }

    static int[] render(List<CompletionRequest.ChatMessage> messages, Tokenizer tokenizer) {
        if (messages == null || messages.isEmpty()) {
            throw new OpenAiErrors.InvalidParam("messages", "invalid_value", "messages must hold at least one message");
        }
        for (int i = 0; i < messages.size(); i++) {
            CompletionRequest.ChatMessage m = messages.get(i);
            if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                throw new OpenAiErrors.InvalidParam("messages[" + i + "].role", "invalid_value",
                        "role must be system, user or assistant");
            }
            if (m.content() == null) {
                throw new OpenAiErrors.InvalidParam("messages[" + i + "].content", "invalid_value", "content is missing");
            }
        }
        List<Integer> out = new ArrayList<>();
        boolean llama3 = tokenizer.specialId("<|start_header_id|>") >= 0;
        if (llama3) {
            special(out, tokenizer, "<|begin_of_text|>");
            for (CompletionRequest.ChatMessage m : messages) {
                header(out, tokenizer, m.role());
                plain(out, tokenizer, m.content());
                special(out, tokenizer, "<|eot_id|>");
            }
            header(out, tokenizer, "assistant");
        } else {
            for (CompletionRequest.ChatMessage m : messages) {
                special(out, tokenizer, "<|" + m.role() + "|>");
                plain(out, tokenizer, m.content());
                special(out, tokenizer, "<|end|>");
            }
            special(out, tokenizer, "<|assistant|>");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void header(List<Integer> out, Tokenizer tokenizer, String role) {
        special(out, tokenizer, "<|start_header_id|>");
        plain(out, tokenizer, role);
        special(out, tokenizer, "<|end_header_id|>");
        plain(out, tokenizer, "\n\n");
    }

    private static void special(List<Integer> out, Tokenizer tokenizer, String text) {
        int id = tokenizer.specialId(text);
        if (id >= 0) {
            out.add(id);
        }
    }

    private static void plain(List<Integer> out, Tokenizer tokenizer, String text) {
        for (int t : tokenizer.encode(text)) {
            out.add(t);
        }
    }
}
