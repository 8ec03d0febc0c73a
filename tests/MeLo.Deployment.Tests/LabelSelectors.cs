using k8s.Models;

namespace MeLo.Deployment.Tests;

/// <summary>Kubernetes' label-selector semantics: all of matchLabels and every matchExpression must hold.</summary>
public static class LabelSelectors
{
    public static bool Matches(this V1LabelSelector selector, IDictionary<string, string> labels) =>
        Matches(selector.MatchLabels, labels) && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => throw new ArgumentException($"unknown selector operator {e.OperatorProperty}"),
        });

    /// <summary>A map selector (Service, matchLabels): every pair is among the labels. An empty one matches everything.</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        (selector ?? new Dictionary<string, string>()).All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
