package io.projectservice.analysis.offline;

import io.projectservice.analysis.ExtractedFile;
import io.projectservice.analysis.language.EnglishWords;
import io.projectservice.analysis.language.Names;
import java.util.List;

/**
 * A project name as a person would write it: the title the user gave; else what the user asks
 * for, as an activity on its object ("Track late parcels" -> "Parcel tracking", "assess the risk
 * of every supplier" -> "Supplier risk assessment"); else the two main entities ("Airlines and
 * flights"); else the first file's name.
 */
public final class ProjectNames {
    private static final double CONTEXT_WEIGHT = 2.0;

    private ProjectNames() {
    }

    static String name(String title, List<DomainText.Instruction> instructions, List<String> entities,
            List<ExtractedFile> files, int max) {
        if (title != null) {
            return Names.cut(title, max);
        }
        for (DomainText.Instruction instruction : instructions) {
            String activity = EnglishWords.activity(instruction.verb());
            if (activity != null && instruction.weight() >= CONTEXT_WEIGHT) {
                String object = instruction.of() != null && instruction.of().entity()
                        ? instruction.of().key() + " " + instruction.object().key()
                        : instruction.object().key();
                return Names.cut(sentenceCase(object + " " + activity), max);
            }
        }
        if (!entities.isEmpty()) {
            String main = plural(entities.get(0));
            return Names.cut(sentenceCase(entities.size() == 1 ? main : main + " and " + plural(entities.get(1))), max);
        }
        for (ExtractedFile file : files) {
            String base = Names.titleCase(Names.snakeCase(Names.withoutExtension(file.name())).replaceFirst("^t_", ""));
            if (!base.isBlank()) {
                return Names.cut(base, max);
            }
        }
        return "Untitled project";
    }

    static String sentenceCase(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "airline" -> "airlines", "library" -> "libraries", "branch" -> "branches"; the last word. */
    static String plural(String phrase) {
        int space = phrase.lastIndexOf(' ');
        String head = phrase.substring(space + 1);
        String plural;
        if (head.equals("person")) {
            plural = "people";
        } else if (head.endsWith("y") && head.length() > 1 && "aeiou".indexOf(head.charAt(head.length() - 2)) < 0) {
            plural = head.substring(0, head.length() - 1) + "ies";
        } else if (head.endsWith("s") || head.endsWith("x") || head.endsWith("z") || head.endsWith("ch")
                || head.endsWith("sh")) {
            plural = head + "es";
        } else {
            plural = head + "s";
        }
        return phrase.substring(0, space + 1) + plural;
    }
}
