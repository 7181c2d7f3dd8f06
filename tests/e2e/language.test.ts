/** The language switch: the whole UI in Simplified Chinese, remembered across a reload, and back to English. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './browser';

const { open } = useApp();

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const count = (page: Page, role: 'button' | 'heading' | 'tab', name: string) => page.getByRole(role, { name, exact: true }).count();

describe('the language switch', () => {
  it('speaks Simplified Chinese once chosen, still after a reload, and English again when asked', async () => {
    const { page, errors } = await open();
    expect(await htmlLang(page)).toBe('en');

    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => htmlLang(page)).toBe('zh-Hans');
    expect(await count(page, 'button', '前进一步')).toBe(1);
    expect(await count(page, 'button', 'Step forward')).toBe(0);
    expect(await count(page, 'heading', '计算图')).toBe(1);
    expect(await count(page, 'tab', '图表')).toBe(1);
    await expect.poll(() => count(page, 'tab', '训练')).toBe(1);
    expect(await page.getByTestId('position').textContent()).toBe('前向传播 t = 0 / 10');
    expect(await page.getByLabel('任务预设').locator('option[value="hello-world"]').textContent()).toBe('预测下一个字符：hello world');
    await page.getByRole('radio', { name: 'Jordan 网络' }).check();
    expect(await page.getByRole('radio', { name: '教师强制' }).count()).toBe(1);
    await page.getByRole('radio', { name: 'Elman 网络' }).check();

    await page.getByRole('button', { name: '帮助', exact: true }).click();
    const help = page.getByRole('dialog', { name: '键盘快捷键' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.getByText('播放或暂停').count()).toBe(1);
    await help.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => help.isVisible()).toBe(false);

    await page.reload();
    await page.getByTestId('memory').filter({ hasText: '个数' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-Hans');
    expect(await count(page, 'heading', '计算图')).toBe(1);
    expect(await count(page, 'button', '前进一步')).toBe(1);

    await page.getByLabel('语言 / Language').selectOption('en');
    await expect.poll(() => htmlLang(page)).toBe('en');
    expect(await count(page, 'heading', 'Graphs')).toBe(1);
    expect(await count(page, 'button', 'Step forward')).toBe(1);
    expect(await page.getByTestId('position').textContent()).toBe('Forward t = 0 / 10');
    await page.reload();
    await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
    expect(await count(page, 'heading', 'Graphs')).toBe(1);
    expect(errors).toEqual([]);
  });
});
