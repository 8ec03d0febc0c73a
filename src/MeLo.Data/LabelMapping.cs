namespace MeLo.Data;

/// <summary>
/// Renames raw manifest labels, e.g. INbreast BI-RADS to two classes: "1,2,3=non-malignant;*=malignant".
/// Rules are separated by ';'; each maps comma-separated source labels to one target; '*' matches every label no
/// rule names. Without '*', unnamed labels pass through unchanged. Matching is exact (ordinal) after trimming.
/// </summary>
public sealed class LabelMapping
{
    private readonly Dictionary<string, string> _rules;

    private LabelMapping(Dictionary<string, string> rules, string? fallback)
    {
        _rules = rules;
        Fallback = fallback;
    }

    /// <summary>Source label → target label.</summary>
    public IReadOnlyDictionary<string, string> Rules => _rules;

    /// <summary>The target of '*', if given.</summary>
    public string? Fallback { get; }

    /// <exception cref="FormatException">A rule lacks '=', has an empty side, or names a source twice.</exception>
    public static LabelMapping Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fallback = null;
        foreach (string rule in specification.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var sides = rule.Split('=', StringSplitOptions.TrimEntries);
            if (sides.Length != 2 || sides[1].Length == 0)
            {
                throw new FormatException($"Label mapping rule '{rule}' must look like 'a,b=target'.");
            }

            var sources = sides[0].Split(',', StringSplitOptions.TrimEntries);
            if (sources.Any(s => s.Length == 0))
            {
                throw new FormatException($"Label mapping rule '{rule}' has an empty source label.");
            }

            foreach (string source in sources)
            {
                bool duplicate = source == "*" ? fallback is not null : rules.ContainsKey(source);
                if (duplicate)
                {
                    throw new FormatException($"Label mapping names '{source}' more than once.");
                }

                if (source == "*")
                {
                    fallback = sides[1];
                }
                else
                {
                    rules[source] = sides[1];
                }
            }
        }

        if (rules.Count == 0 && fallback is null)
        {
            throw new FormatException("Label mapping has no rules.");
        }

        return new LabelMapping(rules, fallback);
    }

    public string Map(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string trimmed = label.Trim();
        return _rules.TryGetValue(trimmed, out var target) ? target : Fallback ?? trimmed;
    }

    /// <summary>The mapping in the syntax <see cref="Parse"/> reads, rules grouped by target.</summary>
    public override string ToString()
    {
        var rules = _rules.GroupBy(r => r.Value, StringComparer.Ordinal)
            .Select(g => $"{string.Join(",", g.Select(r => r.Key))}={g.Key}");
        return string.Join(";", Fallback is null ? rules : rules.Append($"*={Fallback}"));
    }
}
