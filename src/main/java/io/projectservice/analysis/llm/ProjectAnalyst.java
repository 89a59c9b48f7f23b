package io.projectservice.analysis.llm;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The LLM behind create-from-context. One stateless call per analysis: no chat memory, and
 * application scoped so worker threads without a request context can call it. Blocking.
 * (The JSON schema of {@link LlmAnalysis} is appended to the request by the extension; the
 * prompts avoid braces, which the template engine would read as expressions.)
 */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
@ApplicationScoped
public interface ProjectAnalyst {

    @SystemMessage("""
            You design the ontology of a new project from what a user provides: a free-text context,
            concept names, excerpts of uploaded files, and summaries of tables found in them.
            Answer with a single JSON object and nothing else, with these fields:
            - name: a short title as a person would write it, at most 80 characters, saying what
              the project is about (Supplier risk, Parcel tracking), not a list of words.
            - description: two or three sentences summarising the project.
            - nodes: the entities of the domain, the things a domain expert would name. Each has an
              id (snake_case, unique), a label (readable, singular, a noun or noun phrase kept
              whole such as Distribution Center), a description (one sentence) and properties (an
              object mapping attribute names to one of integer, decimal, boolean, date, timestamp,
              string). A verb, an adjective or an instruction to you (analyze, identify, predict,
              track) is never a node. A measure or attribute (a price, a due date, a status) is a
              property of its entity, not a node. Every concept name the user lists is a node.
              Every table is a node whose properties are its columns and their types.
            - edges: relations between nodes. Each has a source and a target (node ids that exist
              in nodes) and a label: the verb that relates them, as in supplier delivers component
              or crew is assigned to flight. A key column such as customer_id in a table gives an
              edge from that table to the customers node, labelled with the column name.
            The user message ends with a draft made without an LLM by these rules: keep what is
            right, fix what is wrong, add what is missing. Nodes that break these rules are
            removed from your answer. At most 40 nodes and 80 edges. Write names and descriptions
            in the user's language.
            """)
    @UserMessage("{material}")
    LlmAnalysis analyze(String material);
}
