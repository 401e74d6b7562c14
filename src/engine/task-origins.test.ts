import { describe, expect, it } from 'vitest';
import { taskOrigins } from './task-origins';

describe('taskOrigins', () => {
  it('lists each web origin once, leaving out relative and non-web references', () => {
    const tasks = [
      { data: { image: 'https://img.example.com/a.png' } },
      { data: { image: 'https://img.example.com:443/b.png' } },
      { data: { image: 'http://localhost:8080/data/upload/1/c.png' } },
      { data: { image: 'photos/d.png' } },
      { data: { image: 'data:image/png;base64,AAAA' } },
      { data: { other: 'https://elsewhere.example/x.png' } },
      { data: { image: 42 } },
    ];
    expect(taskOrigins(tasks, 'image')).toEqual([
      'https://img.example.com',
      'http://localhost:8080',
    ]);
    expect(taskOrigins(tasks, undefined)).toEqual([]);
  });
});
