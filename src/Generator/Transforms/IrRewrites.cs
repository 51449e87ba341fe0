using System;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;

namespace AdGen.Generator.Transforms;

/// <summary>Structural rewriting of IR statements, shared by the passes that rewrite nested code.</summary>
internal static class IrRewrites
{
    /// <summary>
    /// The statement with the statement lists of its branches, loop body or block replaced (a <c>for</c> loop's
    /// initializers and steps stay); the flag says whether a list is a loop body. Other statements are returned as is.
    /// </summary>
    public static Stmt WithBodies(Stmt statement, Func<EquatableArray<Stmt>, bool, EquatableArray<Stmt>> map) => statement switch
    {
        If branch => branch with
        {
            Then = new Block(map(branch.Then.Statements, false)),
            Else = branch.Else is null ? null : new Block(map(branch.Else.Statements, false)),
        },
        For loop => loop with { Body = new Block(map(loop.Body.Statements, true)) },
        While loop => loop with { Body = new Block(map(loop.Body.Statements, true)) },
        DoWhile loop => loop with { Body = new Block(map(loop.Body.Statements, true)) },
        Block block => new Block(map(block.Statements, false)),
        _ => statement,
    };
}
