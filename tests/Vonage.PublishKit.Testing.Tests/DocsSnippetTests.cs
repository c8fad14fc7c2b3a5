using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Vonage.PublishKit.Testing.Tests;

/// <summary>
/// Keeps the docs honest: every C# block of docs/*.md is marked with the name of a snippet of the samples or
/// tests (code between <c>// snippet: name</c> and <c>// end-snippet</c>) and is that snippet to the
/// character, so every piece of code the docs show compiles and runs in CI. The only exception is a block
/// marked <c>&lt;!-- not compiled: why --&gt;</c>, for code that needs Windows and the real SDK.
/// </summary>
public partial class DocsSnippetTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> Documents => new(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_EveryCodeBlockIsACompiledSnippet(string document)
    {
        var markdown = File.ReadAllText(Path.Combine(Root, "docs", document)).ReplaceLineEndings("\n");
        var documented = SnippetInMarkdown().Matches(markdown);
        var snippets = Snippets();

        // A block that cannot compile here (WPF, the real SDK) says so, and why, right above it.
        Assert.Equal(Regex.Count(markdown, "```csharp"), documented.Count + Regex.Count(markdown, "<!-- not compiled: [^>]+ -->\n```csharp"));
        foreach (Match block in documented)
        {
            var name = block.Groups["name"].Value;
            Assert.True(snippets.ContainsKey(name), $"{document} shows snippet '{name}', which no sample or test defines.");
            Assert.Equal(snippets[name], block.Groups["body"].Value.TrimEnd('\n'));
        }
    }

    [Fact]
    public void TestingGuide_ShowsEveryExampleOfTheVideoCallAppTests()
    {
        var markdown = File.ReadAllText(Path.Combine(Root, "docs", "testing.md"));
        var examples = Snippets().Keys.Where(name => name.StartsWith("fakes-", StringComparison.Ordinal) || name.StartsWith("moq-", StringComparison.Ordinal));

        Assert.All(examples, name => Assert.Contains($"<!-- snippet: {name} -->", markdown, StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Snippets()
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new[] { "samples", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            foreach (Match match in SnippetInCode().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                snippets.Add(match.Groups["name"].Value, Dedent(match.Groups["body"].Value));
            }
        }

        return snippets;
    }

    private static string Dedent(string body)
    {
        var lines = body.TrimEnd('\n', ' ').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vonage.PublishKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Vonage.PublishKit.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[ \t]*// snippet: (?<name>[\w-]+)\n(?<body>.*?)^[ \t]*// end-snippet", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SnippetInCode();

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\n```csharp\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetInMarkdown();
}
