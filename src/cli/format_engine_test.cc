#include "cli/format_engine.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <map>

namespace bramble::cli {
namespace {

TEST(ParseFormatTest, FieldsWidthsJustificationAndSuffixes) {
  ParsedFormat f = ParseFormat("%.18i %.9P %8j%R");
  ASSERT_EQ(f.fields.size(), 4u);
  EXPECT_EQ(f.prefix, "");
  EXPECT_EQ(f.fields[0].type, 'i');
  EXPECT_EQ(f.fields[0].width, 18);
  EXPECT_TRUE(f.fields[0].right_justify);
  EXPECT_EQ(f.fields[0].suffix, " ");
  EXPECT_EQ(f.fields[1].type, 'P');
  EXPECT_EQ(f.fields[1].width, 9);
  EXPECT_EQ(f.fields[2].type, 'j');
  EXPECT_EQ(f.fields[2].width, 8);
  EXPECT_FALSE(f.fields[2].right_justify);
  EXPECT_EQ(f.fields[2].suffix, "");
  EXPECT_EQ(f.fields[3].type, 'R');
  EXPECT_EQ(f.fields[3].width, 0);
  EXPECT_EQ(f.fields[0].spec, ".18i");
}

TEST(ParseFormatTest, LiteralTextPercentAndAutoWidth) {
  ParsedFormat f = ParseFormat("id=%i|%T%% done%");
  EXPECT_EQ(f.prefix, "id=");
  ASSERT_EQ(f.fields.size(), 2u);
  EXPECT_EQ(f.fields[0].suffix, "|");
  EXPECT_EQ(f.fields[1].suffix, "% done%");  // "%%" and a dangling '%' stay literal

  ParsedFormat a = ParseFormat("%#P %.5a");
  ASSERT_EQ(a.fields.size(), 2u);
  EXPECT_TRUE(a.fields[0].auto_width);
  EXPECT_FALSE(a.fields[1].auto_width);

  ParsedFormat only = ParseFormat("%%");
  EXPECT_EQ(only.prefix, "%");
  EXPECT_TRUE(only.fields.empty());

  ParsedFormat dangling = ParseFormat("x %.5");
  EXPECT_EQ(dangling.prefix, "x %.5");
  EXPECT_TRUE(dangling.fields.empty());
}

TEST(FitToWidthTest, PadsCutsAndJustifies) {
  EXPECT_EQ(FitToWidth("12", 6, true, true), "    12");
  EXPECT_EQ(FitToWidth("12", 6, false, true), "12    ");
  EXPECT_EQ(FitToWidth("averylongname", 8, true, true), "averylon");
  EXPECT_EQ(FitToWidth("averylongname", 8, false, true), "averylon");
  EXPECT_EQ(FitToWidth("averylongname", 8, false, false), "averylongname");
  EXPECT_EQ(FitToWidth("abc", 0, true, true), "abc");
  EXPECT_EQ(FitToWidth("abcdef", 6, true, true), "abcdef");
}

// Rows of letter -> text; 'x' is unknown.
class Table {
 public:
  explicit Table(std::vector<std::map<char, std::string>> rows) : rows_(std::move(rows)) {}
  CellLookup Lookup() const {
    return [this](size_t row, const FormatField& field) -> std::optional<Cell> {
      if (field.type == 'x') return std::nullopt;
      if (row == kHeaderRow) return Cell{std::string("H") + field.type, field.type != 'N'};
      return Cell{rows_[row].at(field.type), field.type != 'N'};
    };
  }

 private:
  std::vector<std::map<char, std::string>> rows_;
};

TEST(RenderTableTest, HeaderRowsAndUnknownFields) {
  Table table({{{'a', "1"}, {'N', "node[1-20]"}}, {{'a', "22222"}, {'N', "n1"}}});
  ParsedFormat f = ParseFormat(">%.4a|%5x|%3N<");
  EXPECT_EQ(RenderTable(f, 2, true, table.Lookup()),
            ">  Ha|%5x|HN <\n"
            ">   1|%5x|node[1-20]<\n"
            ">2222|%5x|n1 <\n");
  EXPECT_EQ(RenderTable(f, 2, false, table.Lookup()),
            ">   1|%5x|node[1-20]<\n"
            ">2222|%5x|n1 <\n");
  EXPECT_EQ(RenderTable(f, 0, false, table.Lookup()), "");
}

TEST(RenderTableTest, AutoWidthIsLongestValueButAtLeastNine) {
  Table narrow({{{'a', "ab"}}, {{'a', "abcd"}}});
  EXPECT_EQ(RenderTable(ParseFormat("%#a|"), 2, true, narrow.Lookup()),
            "Ha       |\nab       |\nabcd     |\n");
  Table wide({{{'a', "a-very-long-name"}}, {{'a', "b"}}});
  EXPECT_EQ(RenderTable(ParseFormat("%.#a|"), 2, false, wide.Lookup()),
            "a-very-long-name|\n               b|\n");
}

TEST(UnknownFieldTypesTest, ListsEachUnknownLetterOnce) {
  ParsedFormat f = ParseFormat("%i %y %z %y %T");
  EXPECT_EQ(UnknownFieldTypes(f, "iT"), (std::vector<char>{'y', 'z'}));
  EXPECT_TRUE(UnknownFieldTypes(f, "iTyz").empty());
}

TEST(FormatDateLineTest, CtimeLayoutInLocalTime) {
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(FormatDateLine(1795273381), "Sat Nov 21 15:03:01 2026");
  EXPECT_EQ(FormatDateLine(1793523907), "Sun Nov  1 09:05:07 2026");
}

}  // namespace
}  // namespace bramble::cli
